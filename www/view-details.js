// Below the answer, folded: month by month, working time, subsidies, retirement and the pension,
// base choices, and how it was computed (the steps as sentences, with their sources).
import { h, fill } from './dom.js';
import { money, oneDecimal, age, yearsMonths, years, month as monthText, count } from './format.js';
import { assumptionText, plain } from './plain.js';
import { explain, figuresAsOf } from './view-explain.js';
import { cleanCount } from './state.js';

/** view: as renderAnswer's; renders nothing until there is a result. */
export function renderDetails(el, view) {
  if (view.phase !== 'result') return fill(el);
  const { cmp, opts } = view.result;
  const now = cmp.current_law;
  const lf = cmp.labor_facts;
  return fill(el,
    figuresAsOf(now, view),
    monthsBlock(now, lf, view),
    workBlock(lf, view),
    subsidiesBlock(now, view),
    retirementBlock(now, view),
    optionsBlock(opts, view),
    decisionsBlock(view),
    explain(now, lf, view));
}

function block(cls, title, ...children) {
  return h('details', { class: `fc-block fc-${cls}` }, h('summary', {}, title), ...children);
}

function monthsBlock(now, lf, view) {
  const { L, lang } = view;
  const lfPays = (b) => b.pension.platforms.map((p) => {
    const me = b.medical.platforms.find((x) => x.platform === p.platform)?.amount ?? '0.00';
    return L('lfPlatformMonth', { name: p.platform, v: money(p.amount), m: money(me) });
  }).join(L('listSep'));
  return block('months', L('perMonth_'),
    h('ul', { class: 'fc-month-list' }, now.months.map((m, i) => h('li', { 'data-month': m.month },
      h('p', { class: 'fc-month-name' }, monthText(m.month, lang)),
      h('p', { 'data-testid': 'month-worker' }, h('strong', {}, money(m.worker)), ' ',
        h('span', { class: 'fc-detail' }, L('monthSplit', { p: money(m.pension.worker), m: money(m.medical.worker) }))),
      h('p', { class: 'fc-detail', 'data-testid': 'month-worker-lf' }, L('lfMonth', { v: money(lf.months[i].worker), rest: lfPays(lf.months[i]) }))))),
    now.months.length > 1 ? h('p', { class: 'fc-month-total' }, L('totalLine', { v: money(now.totals.worker), lf: money(lf.totals.worker) })) : null);
}

function workBlock(lf, view) {
  const { L, lang } = view;
  const injury = (m) => m.injury?.platforms ?? [];
  return block('work', L('workingTime'),
    h('ul', { class: 'fc-month-list' }, lf.months.map((m) => h('li', {},
      h('p', { class: 'fc-month-name' }, monthText(m.month, lang)),
      h('p', {}, L('weekHours', { h: oneDecimal(m.labor.weekly_hours) }),
        m.labor.hourly_income ? L('hourIncome', { v: money(m.labor.hourly_income) }) : '',
        m.labor.above_statutory_week ? h('span', { class: 'fc-warn-text' }, ` ${L('aboveStatutory')}`) : null),
      m.labor.platforms.length > 1 ? h('ul', { class: 'fc-cell-list' }, m.labor.platforms.map((p) => h('li', {},
        L('platformWeek', { name: p.platform, h: oneDecimal(p.weekly_hours) })))) : null,
      injury(m).some((p) => p.orders) ? h('p', { class: 'fc-detail' }, injury(m).map((p) =>
        L('injuryLine', { name: p.platform, n: count(p.orders), fee: money(p.fee), v: money(p.amount) })).join(L('listSep'))) : null))));
}

function subsidiesBlock(now, view) {
  const { L, lang, msg } = view;
  // The engine's reason where it is plain words; otherwise whether the month qualified.
  const reason = (s) => (plain(msg(s.reason), lang) ? msg(s.reason) : L(s.eligible ? 'subsidyYes' : 'subsidyNo'));
  if (!now.totals.subsidies?.length) return null;
  const block_ = block('subsidies-result', L('subsidies'),
    h('ul', { class: 'fc-list' }, now.totals.subsidies.map((s) => h('li', {},
      `${L(`programs.${s.program}`)}${s.platform ? L('paren', { x: s.platform }) : ''}: `, h('strong', {}, L('yuan', { v: money(s.amount) })),
      ` · ${L('eligibleMonths', { n: s.months })}`))),
    h('ul', { class: 'fc-list fc-detail' }, now.months.flatMap((m) => m.subsidies.map((s) => h('li', {},
      `${monthText(m.month, lang)} ${L(`programs.${s.program}`)}: ${L('yuan', { v: money(s.amount) })} — ${reason(s)}`)))),
    h('p', {}, `${L('netCost')} `, h('strong', {}, L('yuan', { v: money(now.totals.net_worker_cost) }))));
  block_.open = true;
  return block_;
}

/**
 * How the province's approval form computes the pension (issue 18): the engine's sentences for the
 * conventions it applied (years rounding, divisor, formula kind, rounding), where they are plain words.
 */
function conventionsList(p, view) {
  const { L, lang, msg } = view;
  const said = (p?.conventions ?? []).map((c) => msg(c.message)).filter((s) => plain(s, lang));
  if (!said.length) return null;
  return h('details', { class: 'fc-assumptions', 'data-testid': 'pension-conventions' }, h('summary', {}, L('pensionConventions')),
    h('ul', { class: 'fc-list' }, said.map((s) => h('li', {}, s))));
}

function retirementBlock(now, view) {
  const { L, lang } = view;
  const r = now.retirement;
  const p = now.projection;
  if (!r && !p) {
    return block('retirement', L('retirement'), h('p', {}, L('retirementAsk')),
      h('button', { type: 'button', class: 'fc-go-record', onclick: () => view.onFocus('person.birth') }, L('retirementGo')));
  }
  const d = block('retirement', L('retirement'),
    r && h('p', { 'data-testid': 'retirement-date' }, L('retireWhen', { date: monthText(r.statutory.date, lang), age: age(r.statutory.age, lang) })),
    r && h('p', {}, L('window', { from: monthText(r.earliest.date, lang), to: monthText(r.latest.date, lang) })),
    r && h('p', { 'data-testid': 'min-years' }, L('minYearsLine', { years: years(r.min_contribution_years), have: yearsMonths(r.contribution_months, lang) }), ' ',
      r.meets_minimum ? h('span', { class: 'fc-badge fc-ok' }, L('meetsMin'))
        : h('span', { class: 'fc-badge fc-bad' }, L('shortMin', { n: yearsMonths(r.months_short, lang) }))),
    p && h('p', {}, L('monthlyPension'), ' ', h('strong', { class: 'fc-big-inline', 'data-testid': 'monthly-pension' }, L('yuan', { v: money(p.monthly_pension) }))),
    p && h('p', { class: 'fc-split', 'data-testid': 'pension-parts' }, L('pensionParts', { b: money(p.basic_pension), a: money(p.account_pension), d: years(p.months_divisor) }),
      Number(p.transitional_pension) > 0 ? L('pensionTransitional', { t: money(p.transitional_pension), y: years(p.credited_years) }) : ''),
    // Credited years given where the engine has no transitional formula for the province: said, not hidden.
    p && p.transitional_pension == null && Number(p.credited_years) > 0 && h('p', { class: 'fc-hint', 'data-testid': 'transitional-unknown' }, L('transitionalUnknown')),
    conventionsList(p, view),
    p?.repay_years && h('p', {}, L('repayYears', { years: years(p.repay_years) })),
    p?.assumptions?.length && h('details', { class: 'fc-assumptions' }, h('summary', {}, L('assumptions')),
      h('ul', { class: 'fc-list' }, p.assumptions.map((a) => h('li', { 'data-code': a.code }, assumptionText(a, lang))))));
  d.open = true;
  return d;
}

function optionsBlock(opts, view) {
  const { L, msg } = view;
  if (!opts?.options?.length) return null;
  return block('options', L('chart'),
    h('p', { class: 'fc-hint' }, L('chartDesc')),
    (opts.assumptions ?? []).map((a) => h('p', { class: 'fc-hint', 'data-testid': 'options-assumption' }, msg(a))),
    // Cheapest first: the floor (the true lowest option, below 60 % in some cities) leads.
    h('ul', { class: 'fc-option-list' }, [...opts.options].sort((a, b) => Number(a.base) - Number(b.base)).map((o) => h('li', {},
      h('p', { class: 'fc-option-name' }, `${optionName(o, L, msg)} · ${L('optionBase', { v: money(o.base) })}`),
      h('p', {},
        L('optionCost', { v: money(o.net_monthly_cost ?? o.monthly_cost_with_medical) }),
        o.share_of_income != null ? ` · ${L('optionShare', { s: oneDecimal(Number(o.share_of_income) * 100) })}` : '',
        ' · ', L('optionPension', { v: money(o.monthly_pension) }))))));
}

function optionName(o, L, msg) {
  if (o.choice === 'income') return L('optionIncome');
  return o.percent ? L('optionPercent', { p: o.percent }) : msg(o.label);
}

/**
 * Employee or resident schemes, and what a gap does (issue 17): computed by the tools module, which has
 * the engine's decision blocks (the core module leaves them out for the first answer's weight), when
 * the block is opened. The months of the gap are kept in the state, so a redraw keeps them.
 */
function decisionsBlock(view) {
  const { L, msg, state } = view;
  if (typeof view.loadTools !== 'function') return null;
  state.decide ??= { gap: '' };
  const out = h('div', { class: 'fc-decisions-out', 'aria-live': 'polite', 'data-testid': 'decisions' });
  const fid = `${view.id}-decide-gap`;
  const gap = h('input', {
    type: 'text', id: fid, inputmode: 'numeric', maxlength: 3, placeholder: '0', value: state.decide.gap, autocomplete: 'off',
    'data-path': 'decide.gap',
    oninput: (e) => { state.decide.gap = e.target.value; show(); },
  });
  const el = block('decisions', L('decisionsTitle'),
    h('p', { class: 'fc-hint' }, L('decisionsHint')),
    h('div', { class: 'fc-field' }, h('label', { for: fid }, L('gapMonths')), gap),
    out);
  let asked = 0;
  function show() {
    const run = ++asked;
    fill(out, h('p', { class: 'fc-hint' }, L('decisionsLoading')));
    decide(view, state.decide.gap).then((d) => {
      if (run !== asked) return;
      fill(out,
        d.assumptions.map((a) => h('p', { class: 'fc-hint' }, msg(a))),
        d.schemes && h('ul', { class: 'fc-list', 'data-testid': 'schemes' },
          h('li', {}, msg(d.schemes.employee.message)),
          h('li', {}, msg(d.schemes.resident.message))),
        d.gap && h('ul', { class: 'fc-list', 'data-testid': 'gap' },
          d.gap.short != null && h('li', {}, d.gap.short > 0 ? L('gapShort', { n: d.gap.short }) : L('gapMeets')),
          h('li', {}, msg(d.gap.block.employee_medical.message)),
          h('li', {}, msg(d.gap.block.resident_medical.message)),
          h('li', {}, msg(d.gap.block.resident_medical.continuity_reward.message))),
        d.gap === null && d.needsBirth ? h('p', { class: 'fc-hint' }, L('gapNeedsBirth')) : null);
    }, (e) => {
      if (run === asked) fill(out, h('p', { class: 'fc-error' }, L('decisionsFailed')));
      void e;
    });
  }
  el.addEventListener('toggle', () => { if (el.open && asked === 0) show(); });
  return el;
}

/**
 * The decision blocks for the answer on show (the tools module has them): the employee-or-resident
 * comparison, and with a birth month what a gap of `gapText` months does. Never changes the answer.
 */
function decide(view, gapText) {
  const req = view.result?.ctx?.req;
  if (!req) return Promise.reject(new Error('no answer'));
  const n = Number(cleanCount(String(gapText ?? '')));
  const months = Number.isInteger(n) && n > 0 && n <= 1200 ? n : 0;
  return view.loadTools().then((mod) => {
    const opts = mod.options({ ...req, trace: false });
    let gap = null;
    if (months && req.person) {
      const r = mod.assess({ ...req, trace: false, person: { ...req.person, gap_months: months } });
      gap = { block: r.gap, short: r.retirement?.months_short ?? null };
    }
    return { schemes: opts.schemes ?? null, assumptions: opts.assumptions ?? [], gap, needsBirth: months > 0 && !req.person };
  });
}
