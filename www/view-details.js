// Below the answer, folded: month by month, working time, subsidies, retirement and the pension,
// base choices, and how it was computed (the steps as sentences, with their sources).
import { h, fill, debounce } from './dom.js';
import { money, oneDecimal, age, yearsMonths, years, month as monthText, count } from './format.js';
import { assumptionText, plain, plainError } from './plain.js';
import { explain, figuresAsOf } from './view-explain.js';
import { cleanCount, cleanYears } from './state.js';
import { createRegionBox } from './view-region.js';
import DECISIONS from './i18n-decisions.js';

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
    whereBlock(view),
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

/** view.L, with the decision blocks' own strings (i18n-decisions.js) first. */
function decisionWords(view) {
  const own = DECISIONS[view.lang] ?? DECISIONS.zh;
  return (key, vars) => (Object.hasOwn(own, key)
    ? own[key].replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m))
    : view.L(key, vars));
}

/**
 * Employee or resident schemes, and what a gap does (issue 17): computed by the tools module, which has
 * the engine's decision blocks (the core module leaves them out for the first answer's weight), when
 * the block is opened. The months of the gap are kept in the state, so a redraw keeps them.
 */
function decisionsBlock(view) {
  const { msg, state } = view;
  const L = decisionWords(view);
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

/**
 * Where to insure (issue 17 item 5): the worker's place beside a second place (the hukou place, say),
 * chosen in a box that searches the same index of places as the form's region box (view-region.js,
 * with the tools module's searchPlaces once loaded), computed by the tools module's whereToInsure when
 * the block is opened. What the worker typed is kept in the state, so a redraw keeps it.
 */
function whereBlock(view) {
  const { state, lang } = view;
  const L = decisionWords(view);
  if (typeof view.loadTools !== 'function') return null;
  const w = (state.decide ??= { gap: '' }).where ??= { region: '', regionText: '', name: '', hukou: '', years: ['', ''], open: false };
  const out = h('div', { class: 'fc-where-out', 'aria-live': 'polite', 'data-testid': 'where' });
  // The region box reads and writes `region` and `regionText`; it shows the chosen place's name, kept
  // here as `name` for the next redraw (a county the search offered has no name in the rules' list).
  const bs = { region: w.region, regionText: w.region ? w.name : w.regionText, lang };
  const Lw = (k, a) => L({ region: 'wherePlace2', regionHint: 'wherePlace2Hint' }[k] ?? k, a);
  const field = (path, label, input, hint) => {
    const fid = `${view.id}-where-${path}`;
    Object.assign(input, { id: fid });
    input.dataset.path = `where.${path}`;
    if (hint) input.setAttribute('aria-describedby', `${fid}-hint`);
    return h('div', { class: 'fc-field' }, h('label', { for: fid }, label), input, hint ? h('p', { class: 'fc-hint', id: `${fid}-hint` }, hint) : null);
  };
  const box = createRegionBox({
    id: `${view.id}-where`, state: bs, L: Lw, field,
    onChange: () => {
      w.region = bs.region;
      w.regionText = bs.region ? '' : bs.regionText;
      w.name = bs.region ? box.label(bs.region) || w.name : '';
      typed();
    },
  });
  const hukou = h('select', { onchange: (e) => { w.hukou = e.target.value; show(); } },
    [['', 'whereHukouNone'], ['0', 'whereHukou0'], ['1', 'whereHukou1']].map(([v, k]) => h('option', { value: v, selected: v === w.hukou }, L(k))));
  const yearsIn = (i) => h('input', {
    type: 'text', inputmode: 'decimal', maxlength: 6, placeholder: '0', value: w.years[i], autocomplete: 'off',
    oninput: (e) => { w.years[i] = e.target.value; show(); },
  });
  // The inputs join the page when the block is first opened: a closed block adds no second place box
  // (nor its list) to the page.
  const el = block('where', L('whereTitle'));
  const build = () => el.append(
    h('p', { class: 'fc-hint' }, L('whereHint')),
    box.el,
    field('hukou', L('whereHukou'), hukou),
    h('div', { class: 'fc-row fc-row2' }, field('years0', L('whereYears0'), yearsIn(0)), field('years1', L('whereYears1'), yearsIn(1))),
    out);
  let asked = 0;
  let tools = null;
  const typed = debounce(() => show(), 250); // a name half typed is not worth an error
  // The tools module has the same place index as the core module: once it is here, the box offers
  // what the engine resolves (and a name typed while it loaded is looked up again).
  const withTools = () => (tools ??= view.loadTools().then((mod) => {
    box.setRegions(mod.regions());
    if (typeof mod.searchPlaces === 'function') box.setSearch((text) => mod.searchPlaces(text, 8));
    if (box.input.value && box.input.ownerDocument.activeElement === box.input) box.input.dispatchEvent(new Event('input'));
    return mod;
  }, (e) => { tools = null; throw e; }));
  function show() {
    const run = ++asked;
    const second = (w.region || w.regionText).trim();
    if (!second) { fill(out, h('p', { class: 'fc-hint' }, L('whereAsk'))); withTools().catch(() => {}); return; }
    fill(out, h('p', { class: 'fc-hint' }, L('decisionsLoading')));
    withTools().then((mod) => {
      if (run !== asked) return;
      const req = view.result?.ctx?.req;
      if (!req) throw new Error('no answer');
      const made = whereRequest(req, w, second);
      try {
        fill(out, made.bad ? h('p', { class: 'fc-error' }, L('whereYearsBad')) : null, wherePlaces(mod.whereToInsure(made.req), view));
      } catch (e) {
        const raw = { code: e.code ?? 'internal', path: e.path ?? null, message: e.message, message_zh: e.message_zh, messages: e.messages };
        fill(out, h('p', { class: 'fc-error', 'data-testid': 'where-error' }, plainError(raw, lang)));
      }
    }).catch(() => { if (run === asked) fill(out, h('p', { class: 'fc-error' }, L('decisionsFailed'))); });
  }
  el.open = w.open;
  if (w.open) build();
  el.addEventListener('toggle', () => {
    w.open = el.open;
    if (el.open && asked === 0) {
      if (!out.isConnected) build();
      show();
    }
  });
  return el;
}

/** The where request: the answer's request with the worker's place first and the second place. */
function whereRequest(req, w, second) {
  let bad = false;
  const place = (region, i) => {
    const p = { region };
    if (w.hukou === String(i)) p.hukou = true;
    const y = cleanYears(w.years[i]);
    if (/^\d{1,2}(\.\d{1,2})?$/.test(y)) p.years_paid = y;
    else if (y) bad = true; // not a number of years: left out, and said so
    return p;
  };
  return { req: { ...req, trace: false, places: [place(req.region, 0), place(second, 1)] }, bad };
}

/** The places side by side (two columns even at 360 px), then the engine's warning about agencies. */
function wherePlaces(r, view) {
  const { msg, lang } = view;
  const L = decisionWords(view);
  return [
    r.assumptions?.map((a) => h('p', { class: 'fc-hint' }, msg(a))),
    h('div', { class: 'fc-row fc-row2' }, r.places.map((p, i) => h('div', { class: 'fc-field fc-where-place', 'data-testid': `where-place-${i}` },
      h('p', { class: 'fc-option-name' }, h('strong', {}, lang === 'zh' ? p.region.zh : p.region.en), p.hukou ? L('whereHukouTag') : ''),
      h('p', {}, `${L('whereCost')} `, h('strong', { 'data-testid': 'where-cost' }, L('yuan', { v: money(p.monthly_cost) }))),
      p.net_monthly_cost !== p.monthly_cost ? h('p', { class: 'fc-detail', 'data-testid': 'where-net' }, L('whereNet', { v: money(p.net_monthly_cost) })) : null,
      h('p', {}, `${L('wherePension')} `, h('strong', { 'data-testid': 'where-pension' }, L('yuan', { v: money(p.monthly_pension) }))),
      h('p', { class: 'fc-detail', 'data-testid': 'where-from' }, L('whereFrom', { date: monthText(p.retirement_date, lang), y: yearsMonths(Number(p.years_here_at_retirement) * 12, lang) })),
      h('p', { 'data-testid': 'where-drawn' }, msg(p.drawn_at.message)),
      p.temporary_account ? h('p', { class: 'fc-detail' }, msg(p.temporary_account.message)) : null))),
    h('p', { class: 'fc-warn-text', 'data-testid': 'where-agency' }, msg(r.agency.message)),
  ];
}
