// The answer, first: what the worker pays a month (pension + medical) and who pays what, then at most
// three notes in plain sentences (the rest folded), and the reform scenario folded below. Every
// figure is the engine's; this file lays them out.
import { h, fill } from './dom.js';
import { money, month as monthText } from './format.js';
import { noteList } from './plain.js';

const yuan = (L, v) => L('yuan', { v: money(v) });

/**
 * view: { state, L, lang, phase: 'loading'|'waiting'|'error'|'result'|'failed', error, result,
 *         custom: [names], onExample(), onFocus(path), fieldLabel(path) }
 */
export function renderAnswer(el, view) {
  const { L } = view;
  el.setAttribute('aria-busy', String(view.phase === 'loading'));
  const title = h(view.sub, { id: `${view.id}-results-title`, class: 'fc-section-title' }, L('results'));
  if (view.phase === 'loading') return fill(el, title, h('p', { class: 'fc-muted fc-waiting' }, L('loading')));
  if (view.phase === 'failed') {
    return fill(el, title, h('div', { class: 'fc-alert', role: 'alert' }, h('p', {}, `${L('loadFailed')}: ${view.failure}`)));
  }
  if (view.phase === 'waiting') {
    return fill(el, title, h('div', { class: 'fc-waiting', 'data-testid': 'waiting' },
      h('p', { class: 'fc-waiting-text' }, L(view.waitingFor === 'region' ? 'askRegion' : 'askIncome')),
      h('button', { type: 'button', class: 'fc-example', onclick: view.onExample }, L('example'))));
  }
  if (view.phase === 'error') return fill(el, title, errorBanner(view));
  const { cmp } = view.result;
  const now = cmp.current_law;
  const lf = cmp.labor_facts;
  return fill(el, title,
    now.custom_rules?.length ? h('div', { class: 'fc-custom-banner', role: 'note', 'data-testid': 'custom-rules' },
      h('p', {}, h('strong', {}, L('customRulesBanner')), ' ', now.custom_rules.join(', ')),
      h('p', { class: 'fc-hint' }, L('customRulesBannerHint'))) : null,
    headline(now, view),
    notes([...now.warnings, ...lf.warnings], view),
    scenario(now, lf, view));
}

function errorBanner(view) {
  const { L, error } = view;
  const label = error.path ? view.fieldLabel(error.path) : null;
  return h('div', { class: 'fc-alert', role: 'alert', 'data-testid': 'error-banner' },
    h('p', {}, label ? L('fixField') : L('cannotCompute')),
    label
      ? h('p', {}, h('a', {
        href: `#${view.fieldId(error.path)}`, class: 'fc-error-link',
        onclick: (e) => { e.preventDefault(); view.onFocus(error.path); },
      }, `${label}: ${error.text}`))
      : h('p', {}, error.text));
}

function placeLine(now, view) {
  const { lang } = view;
  const name = (p) => (lang === 'zh' ? p.zh : p.en);
  const place = now.region;
  const months = now.months.map((m) => m.month);
  const where = [name(place)];
  if (place.city && place.city.code !== place.code) where.push(name(place.city));
  if (place.province.code !== place.code) where.push(name(place.province));
  const when = months.length > 1 ? `${monthText(months[0], lang)} – ${monthText(months[months.length - 1], lang)}` : monthText(months[0], lang);
  return h('p', { class: 'fc-where', 'data-testid': 'region' }, `${where.join(' · ')} · ${when}`);
}

function headline(now, view) {
  const { L, state } = view;
  const t = now.totals;
  const months = now.months;
  const single = months.length === 1;
  const sameEach = months.every((m) => m.worker === months[0].worker);
  const first = months[0];
  const estimate = first.medical.estimate;
  const injury = t.injury.platforms.filter((p) => p.amount !== '0.00');
  const covered = months.some((m) => m.injury.covered);
  const subsidy = t.subsidies?.length ? t.net_worker_cost : null;
  const medicalPart = now.months.some((m) => m.medical.scheme !== 'none');
  let big;
  let label;
  if (single || sameEach) {
    label = L('youPayMonth');
    big = first.worker;
  } else {
    label = L('youPayTotal', { n: months.length });
    big = t.worker;
  }
  return h('div', { class: 'fc-card fc-card-now', 'data-scenario': 'current_law' },
    placeLine(now, view),
    h('p', { class: 'fc-card-label' }, label),
    h('p', { class: 'fc-big', 'data-testid': 'current_law-worker' }, yuan(L, big)),
    h('p', { class: 'fc-split' },
      medicalPart
        ? L('splitPensionMedical', { p: money((single || sameEach ? first : t).pension.worker), m: money((single || sameEach ? first : t).medical.worker) })
        : L('splitPensionOnly', { p: money((single || sameEach ? first : t).pension.worker) })),
    h('p', { class: 'fc-who', 'data-testid': 'who-pays' }, L('whoPaysNow')),
    !single && sameEach ? h('p', { class: 'fc-split' }, L('totalOver', { n: months.length, v: money(t.worker) })) : null,
    !single && !sameEach ? h('p', { class: 'fc-split' }, L('monthsDiffer')) : null,
    estimate ? h('p', { class: 'fc-estimate' }, L('medicalEstimate', { low: money(estimate.low), high: money(estimate.high) })) : null,
    subsidy ? h('p', { class: 'fc-net' }, L('netCost'), ' ', h('strong', { 'data-testid': 'net-cost' }, yuan(L, subsidy))) : null,
    h('p', { class: 'fc-base-line' }, baseLine(first, state, L)),
    covered
      ? (injury.length
        ? h('ul', { class: 'fc-platform-pays' }, injury.map((p) => h('li', {}, L('injuryPays', { name: p.platform, v: money(p.amount) }))))
        : h('p', { class: 'fc-hint' }, L('injuryNoOrders')))
      : h('p', { class: 'fc-hint' }, L('injuryNotCovered')));
}

function baseLine(first, state, L) {
  const base = money(first.pension.base);
  if (state.base.kind === 'floor') return L('baseFloorLine', { base });
  if (state.base.kind === 'ceiling') return L('baseCeilingLine', { base });
  return L('baseLine', { base });
}

function notes(warnings, view) {
  const { L, lang } = view;
  const list = noteList(warnings, lang);
  if (!list.length) return null;
  const shown = list.slice(0, 3);
  const rest = list.slice(3);
  const item = (n) => h('li', { 'data-code': n.code }, n.text);
  return h('section', { class: 'fc-block fc-warnings', 'aria-label': L('warnings') },
    h('p', { class: 'fc-notes-title' }, L('warnings')),
    h('ul', { class: 'fc-list' }, shown.map(item)),
    rest.length ? h('details', { class: 'fc-more-notes' }, h('summary', {}, L('moreNotes', { n: rest.length })), h('ul', { class: 'fc-list' }, rest.map(item))) : null);
}

function scenario(now, lf, view) {
  const { L } = view;
  const t = lf.totals;
  const single = lf.months.length === 1;
  const liable = lf.months[0].labor.platforms;
  return h('details', { class: 'fc-scenario' },
    h('summary', {}, L('scenarioSummary')),
    h('div', { class: 'fc-card fc-card-lf', 'data-scenario': 'labor_facts' },
      h('p', { class: 'fc-card-label' }, L(single ? 'scenarioYouMonth' : 'scenarioYouTotal', { n: lf.months.length })),
      h('p', { class: 'fc-big fc-big-lf', 'data-testid': 'labor_facts-worker' }, yuan(L, t.worker)),
      h('ul', { class: 'fc-platform-pays' }, t.platforms.map((p) => h('li', {},
        h('span', {}, L('platformPays', { name: p.platform })), ' ',
        h('strong', { 'data-testid': 'labor_facts-platform' }, yuan(L, p.amount))))),
      single ? h('ul', { class: 'fc-list fc-liable' }, liable.map((p) => h('li', {},
        p.liable ? L('liableBecause', { name: p.platform, why: p.liable_by.map((x) => L(`liableBy.${x}`)).join(L('and')) })
          : L('notLiable', { name: p.platform })))) : null,
      // The engine says which base the scenario used (its own, whatever base the worker chose).
      lf.scenario.base ? h('p', { class: 'fc-hint', 'data-testid': 'scenario-base' }, view.msg(lf.scenario.base.label)) : null,
      h('p', { class: 'fc-hint' }, L('scenarioNotLaw'))));
}

