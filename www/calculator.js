// The calculator: a guided form and its results, mounted into any element (the page's <main>, or
// the shadow root of <flexcalc-widget>). Every figure shown comes from the engine (compare() and
// options() of the WebAssembly package); this file only builds requests from the form, and lays out
// the engine's answers. No rule is re-implemented here.
//
// User-entered text only ever reaches the DOM through textContent / value / setAttribute (see dom.js).

import init, * as core from './pkg/flexcalc.js';
import { INTEGRITY } from './pkg/integrity.js';
import { h, clear, fill, debounce } from './dom.js';
import { t } from './i18n.js';

let ready;
/**
 * Loads and instantiates the wasm module once per page. The bytes are fetched with the sha384 that
 * scripts/sri.mjs wrote into pkg/integrity.js at build time: the browser refuses a module that
 * does not match (fetch integrity needs no secure context, unlike crypto.subtle).
 */
export function loadEngine() {
  ready ??= init({
    module_or_path: fetch(new URL('./pkg/flexcalc_bg.wasm', import.meta.url), { integrity: INTEGRITY['pkg/flexcalc_bg.wasm'] }),
  });
  return ready;
}

/**
 * The module every figure comes from: the core module (pkg/flexcalc.js: the embedded rules, no TOML
 * parser), or, while a custom rules file is in force, the tools module that holds those rules.
 */
let engine = core;
let tools;
/**
 * Loads the tools module (pkg/tools/: the core API plus loadRules/resetRules and the CSV batch) once,
 * only when it is needed (a rules file was chosen); its .wasm is checked like the core module's.
 */
export function loadTools() {
  tools ??= import('./pkg/tools/flexcalc_tools.js').then(async (mod) => {
    await mod.default({
      module_or_path: fetch(new URL('./pkg/tools/flexcalc_tools_bg.wasm', import.meta.url), { integrity: INTEGRITY['pkg/tools/flexcalc_tools_bg.wasm'] }),
    });
    return mod;
  });
  tools.catch(() => { tools = undefined; }); // a failed load may be retried
  return tools;
}

/** Largest rules file the page reads (loadRules rejects more than 1 MiB too). */
const MAX_RULES_BYTES = 1 << 20;

const SECTORS = ['instant_delivery', 'ride_hailing', 'freight', 'other'];
const BASE_KINDS = ['floor', 'income', 'percent', 'amount', 'ceiling'];
const TRACKS = ['', 'male_60', 'female', 'female_55', 'female_50'];
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
let instances = 0;

export function defaultState() {
  return {
    lang: 'zh',
    region: '320100',
    regionText: '',
    from: '2025-09',
    to: '2025-09',
    same: true,
    platforms: [
      { name: '美团', sector: 'instant_delivery', hours: '150', income: '6200', orders: '400' },
      { name: '滴滴', sector: 'ride_hailing', hours: '40', income: '1800', orders: '60' },
    ],
    overrides: {}, // month -> [{hours, income, orders}] by platform index
    base: { kind: 'floor', value: '' },
    medical: { scheme: 'employee', tier: '', rate: '' },
    person: { birth: '', track: '' },
    subsidies: { difficulty: false, start: '', platform: '' },
  };
}

/** The months from..to (inclusive), at most 601 of them (the engine rejects more than 600). */
export function monthRange(from, to) {
  if (!MONTH_RE.test(from ?? '')) return [];
  if (!MONTH_RE.test(to ?? '')) to = from;
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const out = [];
  while ((y < ty || (y === ty && m <= tm)) && out.length < 601) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

function numberOrText(v) {
  const s = String(v ?? '').trim();
  return /^\d{1,15}$/.test(s) ? Number(s) : s;
}

/** The request of JSON API v1 the form describes, and where each work entry came from. */
export function buildRequest(state, { trace = true } = {}) {
  const months = monthRange(state.from, state.to);
  const origin = []; // origin[i][j] = platform index of months[i].work[j]
  const req = {
    region: (state.region || state.regionText || '').trim(),
    pension_base: { kind: state.base.kind },
    medical: { scheme: state.medical.scheme },
    months: months.map((month, i) => {
      origin[i] = [];
      const work = [];
      state.platforms.forEach((p, k) => {
        const cell = !state.same && state.overrides[month]?.[k] ? state.overrides[month][k] : p;
        const blank = [cell.hours, cell.income, cell.orders].every((v) => String(v ?? '').trim() === '');
        if (!state.same && blank) return; // did not work on this platform this month
        const w = { platform: p.name.trim() === '' ? '' : p.name, sector: p.sector };
        if (String(cell.hours ?? '').trim() !== '') w.hours = String(cell.hours).trim();
        if (String(cell.income ?? '').trim() !== '') w.income = String(cell.income).trim();
        if (String(cell.orders ?? '').trim() !== '') w.orders = numberOrText(cell.orders);
        origin[i].push(k);
        work.push(w);
      });
      return { month, work };
    }),
    trace,
  };
  if (state.base.kind === 'percent' || state.base.kind === 'amount') {
    const v = String(state.base.value ?? '').trim();
    if (v !== '') req.pension_base.value = v;
  }
  if (state.medical.scheme === 'employee') {
    if (state.medical.tier) req.medical.tier = state.medical.tier;
    if (String(state.medical.rate ?? '').trim() !== '') req.medical.rate = String(state.medical.rate).trim();
  }
  const subsidies = [];
  if (state.subsidies?.difficulty) {
    const sub = { program: 'employment_difficulty' };
    if (state.subsidies.start) sub.start = state.subsidies.start;
    subsidies.push(sub);
  }
  if (state.subsidies?.platform) subsidies.push({ program: 'platform_pension', platform: state.subsidies.platform });
  if (subsidies.length) req.subsidies = subsidies;
  const { birth, track } = state.person;
  if (birth || track) {
    req.person = {};
    if (birth) req.person.birth = birth;
    if (track) req.person.track = track;
  }
  return { req, months, origin };
}

/** The form's state with or without income, for a share link. */
export function encodeState(state, { income = true } = {}) {
  const s = structuredClone(state);
  delete s.regionText;
  if (!income) {
    s.platforms.forEach((p) => { p.income = ''; });
    for (const cells of Object.values(s.overrides)) cells.forEach((c) => { if (c) c.income = ''; });
  }
  return 's=' + encodeURIComponent(JSON.stringify(s));
}

export function decodeState(hash) {
  const m = /(?:^#?|&)s=([^&]*)/.exec(hash ?? '');
  if (!m) return null;
  try {
    const s = JSON.parse(decodeURIComponent(m[1]));
    const d = defaultState();
    if (typeof s !== 'object' || s === null) return null;
    const str = (v, dflt) => (typeof v === 'string' ? v : dflt);
    return {
      lang: s.lang === 'en' ? 'en' : 'zh',
      region: str(s.region, d.region),
      regionText: '',
      from: str(s.from, d.from),
      to: str(s.to, d.to),
      same: s.same !== false,
      platforms: Array.isArray(s.platforms) && s.platforms.length
        ? s.platforms.slice(0, 50).map((p) => ({
          name: str(p?.name, ''), sector: SECTORS.includes(p?.sector) ? p.sector : 'other',
          hours: str(p?.hours, ''), income: str(p?.income, ''), orders: str(p?.orders, ''),
        }))
        : d.platforms,
      overrides: s.overrides && typeof s.overrides === 'object' ? s.overrides : {},
      base: { kind: BASE_KINDS.includes(s.base?.kind) ? s.base.kind : 'floor', value: str(s.base?.value, '') },
      medical: { scheme: s.medical?.scheme === 'none' ? 'none' : 'employee', tier: str(s.medical?.tier, ''), rate: str(s.medical?.rate, '') },
      person: { birth: str(s.person?.birth, ''), track: TRACKS.includes(s.person?.track) ? s.person.track : '' },
      subsidies: {
        difficulty: s.subsidies?.difficulty === true,
        start: str(s.subsidies?.start, ''),
        platform: str(s.subsidies?.platform, ''),
      },
    };
  } catch {
    return null;
  }
}

/**
 * Mounts a calculator into `root` (an element or a shadow root).
 * options: { state, lang, onLangChange(lang), onResult(), share: true|false, heading: 'h1'|'h2',
 *            customRules: true|false (the control to load a local rules file; the rules then apply
 *            to every calculator of the page, as the wasm module holds them) }
 */
export function mountCalculator(root, options = {}) {
  const id = `fc${++instances}`;
  const state = options.state ?? defaultState();
  if (options.lang) state.lang = options.lang;
  const heading = options.heading ?? 'h1';
  const sub = heading === 'h1' ? 'h2' : 'h3';
  let regionList = [];
  let flatRegions = [];
  let tiers = null; // medical tiers of the region, from rules()
  let needRate = !!state.medical.rate;
  let needTier = !!state.medical.tier;
  let lastError = null;
  let lastResult = null;
  let version = null;
  let runCount = 0;

  const L = (k, v) => t(state.lang, k, v);
  const container = h('div', { class: 'fc', lang: state.lang === 'zh' ? 'zh-CN' : 'en' });
  root.appendChild(container);

  // ---------------------------------------------------------------- layout
  const header = h('header', { class: 'fc-header' });
  const form = h('form', { class: 'fc-form', novalidate: true, 'aria-labelledby': `${id}-form-title` });
  form.addEventListener('submit', (e) => { e.preventDefault(); compute(); });
  // Enter in a text field computes without a form submission (which a sandboxed iframe without
  // allow-forms blocks, with a console error).
  form.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.defaultPrevented || e.target.tagName !== 'INPUT') return;
    if (['checkbox', 'file', 'button', 'submit'].includes(e.target.type)) return;
    e.preventDefault();
    compute();
  });
  const results = h('section', { class: 'fc-results', 'aria-labelledby': `${id}-results-title`, 'aria-live': 'polite', 'aria-busy': 'true' });
  const footer = h('footer', { class: 'fc-footer' });
  container.append(header, h('div', { class: 'fc-layout' }, form, results), footer);

  const schedule = debounce(() => compute(), 250);
  const changed = () => { lastResult = null; schedule(); };

  function renderAll() {
    container.setAttribute('lang', state.lang === 'zh' ? 'zh-CN' : 'en');
    renderHeader();
    renderForm();
    renderFooter();
    if (lastError || lastResult) renderResults();
    else fill(results, h('p', { class: 'fc-muted' }, L(version ? 'computing' : 'loading')));
  }

  function renderHeader() {
    fill(header, 
      h('div', { class: 'fc-title-row' },
        h(heading, { class: 'fc-title' }, L('title')),
        h('button', {
          type: 'button', class: 'fc-lang', lang: state.lang === 'zh' ? 'en' : 'zh-CN',
          'aria-label': L('langSwitchLabel'),
          onclick: () => setLang(state.lang === 'zh' ? 'en' : 'zh'),
        }, L('langSwitch'))),
      h('p', { class: 'fc-tagline' }, L('tagline')),
      h('p', { class: 'fc-privacy' }, L('privacy')));
  }

  function setLang(lang) {
    state.lang = lang;
    options.onLangChange?.(lang);
    const focusedLang = root.activeElement?.classList?.contains('fc-lang') || document.activeElement?.classList?.contains('fc-lang');
    renderAll();
    if (focusedLang) container.querySelector('.fc-lang')?.focus();
  }

  // ---------------------------------------------------------------- form
  function field(path, label, input, hint) {
    const fid = `${id}-${path.replace(/[^\w]+/g, '-')}`;
    input.id = fid;
    input.dataset.path = path;
    const describedBy = [];
    let hintEl = null;
    if (hint) {
      hintEl = h('p', { class: 'fc-hint', id: `${fid}-hint` }, hint);
      describedBy.push(hintEl.id);
    }
    const err = h('p', { class: 'fc-error', id: `${fid}-err`, hidden: true });
    describedBy.push(err.id);
    input.setAttribute('aria-describedby', describedBy.join(' '));
    return h('div', { class: 'fc-field', 'data-field': path }, h('label', { for: fid }, label), input, hintEl, err);
  }

  function textInput(value, onInput, attrs = {}) {
    return h('input', { type: 'text', value, autocomplete: 'off', ...attrs, oninput: (e) => { onInput(e.target.value); changed(); } });
  }

  function select(value, opts, onChange, attrs = {}) {
    return h('select', { ...attrs, onchange: (e) => onChange(e.target.value) },
      opts.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  }

  const regionBox = h('div', { class: 'fc-region' });
  const monthsBox = h('fieldset', { class: 'fc-group' });
  const platformsBox = h('fieldset', { class: 'fc-group' });
  const perMonthBox = h('div', { class: 'fc-permonth' });
  const baseBox = h('fieldset', { class: 'fc-group' });
  const medicalBox = h('fieldset', { class: 'fc-group' });
  const personBox = h('details', { class: 'fc-group fc-person' });
  const subsidiesBox = h('details', { class: 'fc-group fc-subsidies' });
  if (state.subsidies.difficulty || state.subsidies.platform) subsidiesBox.open = true;
  if (state.person.birth || state.person.track) personBox.open = true;
  const customBox = options.customRules ? h('details', { class: 'fc-group fc-custom' }) : null;
  let custom = null; // { name } while custom rules are in force
  let customError = null; // the last invalid_rules error (the rules in force stay as they were)

  function renderForm() {
    fill(form, 
      h(sub, { id: `${id}-form-title`, class: 'fc-section-title' }, L('formTitle')),
      regionBox, monthsBox, platformsBox, baseBox, medicalBox, subsidiesBox, personBox, customBox);
    renderRegion();
    renderMonths();
    renderPlatforms();
    renderBase();
    renderMedical();
    renderSubsidies();
    renderPerson();
    renderCustom();
    showErrors();
  }

  // Custom rules: a local TOML file, read in the browser (never uploaded) and handed to loadRules.
  function renderCustom() {
    if (!customBox) return;
    const fid = `${id}-custom-file`;
    const file = h('input', {
      type: 'file', id: fid, accept: '.toml,text/plain,application/toml', 'data-path': 'custom_rules',
      'aria-describedby': `${fid}-hint ${fid}-status ${fid}-err`, 'aria-invalid': customError ? 'true' : null,
      disabled: !version,
      onchange: (e) => { const f = e.target.files?.[0]; if (f) readRules(f); e.target.value = ''; },
    });
    fill(customBox,
      h('summary', {}, L('customRules')),
      h('p', { class: 'fc-hint', id: `${fid}-hint` }, L('customRulesHint')),
      h('div', { class: 'fc-field' }, h('label', { for: fid }, L('customRulesFile')), file),
      h('p', { class: custom ? 'fc-custom-status fc-custom-on' : 'fc-custom-status', id: `${fid}-status`, role: 'status', 'data-testid': 'custom-rules-status' },
        custom ? L('customRulesInUse', { name: custom.name }) : L('customRulesBuiltIn')),
      h('p', { class: 'fc-error fc-custom-error', id: `${fid}-err`, role: 'alert', 'data-testid': 'custom-rules-error', hidden: !customError },
        customError ? customErrorText(customError) : ''),
      custom && h('button', { type: 'button', class: 'fc-custom-reset', onclick: resetCustom }, L('customRulesReset')));
    if (custom || customError) customBox.open = true;
  }

  /** `file:line: message` (the engine's message usually names the position already). */
  function customErrorText(e) {
    const text = errorText(e);
    return e.path && !text.includes(e.path) ? `${e.path}: ${text}` : text;
  }

  function errorText(e) {
    const m = e.messages ?? { zh: e.message_zh ?? e.message, en: e.message };
    return (state.lang === 'zh' ? m.zh : m.en) ?? e.message ?? '';
  }

  function readRules(f) {
    const name = f.name || 'custom.toml';
    if (f.size > MAX_RULES_BYTES) {
      customError = { path: name, messages: { zh: L('customRulesTooLarge'), en: L('customRulesTooLarge') } };
      renderCustom();
      return;
    }
    const reader = new FileReader();
    reader.onload = async () => {
      let mod;
      try {
        mod = await loadTools();
      } catch {
        customError = { path: name, messages: { zh: L('customRulesUnreadable'), en: L('customRulesUnreadable') } };
        renderCustom();
        return;
      }
      try {
        mod.loadRules(String(reader.result), name);
        engine = mod; // the results now come from the module that holds the rules
        custom = { name };
        customError = null;
      } catch (e) {
        customError = { path: e.path ?? name, messages: e.messages, message: e.message, message_zh: e.message_zh };
      }
      rulesChanged();
    };
    reader.onerror = () => {
      customError = { path: name, messages: { zh: L('customRulesUnreadable'), en: L('customRulesUnreadable') } };
      renderCustom();
    };
    reader.readAsText(f);
  }

  function resetCustom() {
    engine.resetRules?.();
    engine = core; // the core module has the embedded rules
    custom = null;
    customError = null;
    rulesChanged();
    customBox.querySelector('input[type=file]')?.focus();
  }

  /** The rules in force changed: regions, version and medical tiers come from them. */
  function rulesChanged() {
    readEngineData();
    lastResult = null;
    renderRegion();
    renderCustom();
    renderFooter();
    loadTiers();
    compute();
  }

  // Region: a combobox searchable by name, pinyin, alias or code (the list comes from regions()).
  function regionLabel(code) {
    const r = flatRegions.find((x) => x.code === code);
    if (!r) return code;
    const name = state.lang === 'zh' ? r.zh : r.en;
    const parent = r.parent ? (state.lang === 'zh' ? r.parent.zh : r.parent.en) : '';
    return parent ? (state.lang === 'zh' ? `${name}（${parent}）` : `${name} (${parent})`) : name;
  }

  function renderRegion() {
    const listId = `${id}-region-list`;
    const input = h('input', {
      type: 'text', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': listId, autocomplete: 'off', spellcheck: 'false',
      value: state.regionText || regionLabel(state.region),
    });
    const list = h('ul', { id: listId, role: 'listbox', class: 'fc-listbox', hidden: true, 'aria-label': L('region') });
    let active = -1;
    let matches = [];
    const norm = (s) => String(s).toLowerCase().replace(/[\s·()（）]/g, '');
    const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
    const choose = (r) => {
      state.region = r.code;
      state.regionText = '';
      input.value = regionLabel(r.code);
      close();
      onRegionChanged();
    };
    const filter = () => {
      const q = norm(input.value);
      matches = !q ? flatRegions : flatRegions.filter((r) => r.keys.some((k) => k.includes(q)));
      matches = matches.slice(0, 12);
      clear(list);
      active = -1;
      if (!matches.length) {
        list.append(h('li', { class: 'fc-nomatch', role: 'option', 'aria-disabled': 'true' }, L('regionNoMatch')));
      }
      matches.forEach((r, i) => list.append(h('li', {
        role: 'option', id: `${listId}-${i}`, 'aria-selected': 'false',
        onmousedown: (e) => { e.preventDefault(); choose(r); },
      }, regionLabel(r.code))));
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    };
    const highlight = (i) => {
      const items = list.querySelectorAll('[role=option]:not([aria-disabled])');
      items.forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
      if (items[i]) { input.setAttribute('aria-activedescendant', items[i].id); items[i].scrollIntoView?.({ block: 'nearest' }); }
      active = i;
    };
    input.addEventListener('input', () => {
      // What the user typed is passed on as typed (the engine resolves names and pinyin), unless it
      // names exactly one region of the list.
      const q = norm(input.value);
      const exact = flatRegions.filter((r) => r.keys.includes(q));
      if (exact.length === 1) { state.region = exact[0].code; state.regionText = ''; } else { state.region = ''; state.regionText = input.value; }
      filter();
      onRegionChanged();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (list.hidden) filter();
        const n = matches.length;
        if (!n) return;
        highlight(e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
      } else if (e.key === 'Enter') {
        if (!list.hidden && active >= 0 && matches[active]) { e.preventDefault(); choose(matches[active]); }
        else if (!list.hidden && matches.length === 1) { e.preventDefault(); choose(matches[0]); }
      } else if (e.key === 'Escape') {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener('blur', () => close());
    fill(regionBox, field('region', L('region'), input, L('regionHint')), list);
  }

  function onRegionChanged() {
    loadTiers();
    changed();
  }

  function loadTiers() {
    tiers = null;
    const region = state.region || state.regionText;
    const month = monthRange(state.from, state.to)[0];
    if (version && region && month) {
      try {
        const r = engine.rules(region, month);
        const med = r.parameters.find((p) => p.name === 'medical.flexible');
        if (med?.value?.kind === 'yearly_tiers') tiers = med.value.tiers;
      } catch { /* an unknown region is reported by compute() */ }
    }
    if (tiers) needTier = true;
    else if (!state.medical.tier) needTier = false;
    if (!state.medical.rate) needRate = false;
    renderMedical();
  }

  function renderMonths() {
    const from = h('input', { type: 'month', value: state.from, min: '1990-01', max: '2100-12', placeholder: '2025-09', oninput: (e) => { state.from = e.target.value; monthsChanged(); } });
    const to = h('input', { type: 'month', value: state.to, min: '1990-01', max: '2100-12', placeholder: '2025-12', oninput: (e) => { state.to = e.target.value; monthsChanged(); } });
    const same = h('input', { type: 'checkbox', checked: state.same, id: `${id}-same`, onchange: (e) => { state.same = e.target.checked; renderPlatforms(); changed(); } });
    fill(monthsBox, 
      h('legend', {}, L('months')),
      h('div', { class: 'fc-row fc-row-wide' }, field('months.from', L('monthFrom'), from), field('months.to', L('monthTo'), to)),
      h('p', { class: 'fc-error', id: `${id}-months-err`, 'data-error-for': 'months', hidden: true }),
      h('div', { class: 'fc-check' }, same, h('label', { for: same.id }, L('sameEveryMonth'))),
      h('p', { class: 'fc-hint' }, L('sameEveryMonthHint')));
  }

  // New months: new tiers, per-month rows, and a new result (this used to wait for another edit).
  const monthsChanged = debounce(() => { loadTiers(); renderPerMonth(); changed(); }, 300);

  function renderPlatforms() {
    fill(platformsBox, h('legend', {}, L('platforms')));
    state.platforms.forEach((p, k) => {
      const title = p.name.trim() || L('platformN', { n: k + 1 });
      const row = h('div', { class: 'fc-platform' },
        h('div', { class: 'fc-platform-head' },
          h('span', { class: 'fc-platform-title' }, L('platformN', { n: k + 1 })),
          state.platforms.length > 1 && h('button', {
            type: 'button', class: 'fc-remove', 'aria-label': L('removePlatform', { name: title }),
            onclick: () => { removePlatform(k); },
          }, '×')),
        h('div', { class: 'fc-row' },
          field(`work[${k}].platform`, L('platformName'), textInput(p.name, (v) => { p.name = v; renderPerMonthTitles(); renderSubsidies(); }, { maxlength: 64 })),
          field(`work[${k}].sector`, L('sector'), select(p.sector, SECTORS.map((s) => [s, L(`sectors.${s}`)]), (v) => { p.sector = v; changed(); }))),
        state.same && h('div', { class: 'fc-row fc-row3' },
          field(`work[${k}].hours`, L('hours'), textInput(p.hours, (v) => { p.hours = v; }, { inputmode: 'decimal' })),
          field(`work[${k}].income`, L('income'), textInput(p.income, (v) => { p.income = v; }, { inputmode: 'decimal' })),
          field(`work[${k}].orders`, L('orders'), textInput(p.orders, (v) => { p.orders = v; }, { inputmode: 'numeric' }))));
      platformsBox.append(row);
    });
    platformsBox.append(h('button', {
      type: 'button', class: 'fc-add', onclick: () => {
        state.platforms.push({ name: '', sector: 'other', hours: '', income: '', orders: '' });
        renderPlatforms();
        platformsBox.querySelector(`[data-path="work[${state.platforms.length - 1}].platform"]`)?.focus();
        changed();
      },
    }, '+ ' + L('addPlatform')), perMonthBox);
    renderPerMonth();
  }

  function removePlatform(k) {
    state.platforms.splice(k, 1);
    for (const cells of Object.values(state.overrides)) if (Array.isArray(cells)) cells.splice(k, 1);
    renderPlatforms();
    platformsBox.querySelector('.fc-add')?.focus();
    changed();
  }

  function renderPerMonthTitles() {
    perMonthBox.querySelectorAll('[data-platform-title]').forEach((el) => {
      const k = Number(el.dataset.platformTitle);
      el.textContent = state.platforms[k]?.name.trim() || L('platformN', { n: k + 1 });
    });
  }

  function renderPerMonth() {
    clear(perMonthBox);
    if (state.same) return;
    const months = monthRange(state.from, state.to).slice(0, 600);
    perMonthBox.append(h('h3', { class: 'fc-sub' }, L('perMonth')));
    months.forEach((month, i) => {
      const cells = (state.overrides[month] ??= []);
      const d = h('details', { class: 'fc-month', open: i === 0 || monthHasError(i) }, h('summary', {}, month));
      state.platforms.forEach((p, k) => {
        const c = (cells[k] ??= { hours: p.hours, income: p.income, orders: p.orders });
        d.append(h('div', { class: 'fc-month-platform' },
          h('p', { class: 'fc-month-platform-title', 'data-platform-title': k }, p.name.trim() || L('platformN', { n: k + 1 })),
          h('div', { class: 'fc-row fc-row3' },
            field(`months[${i}].work@${k}.hours`, L('hours'), textInput(c.hours, (v) => { c.hours = v; }, { inputmode: 'decimal' })),
            field(`months[${i}].work@${k}.income`, L('income'), textInput(c.income, (v) => { c.income = v; }, { inputmode: 'decimal' })),
            field(`months[${i}].work@${k}.orders`, L('orders'), textInput(c.orders, (v) => { c.orders = v; }, { inputmode: 'numeric' })))));
      });
      perMonthBox.append(d);
    });
  }

  function monthHasError(i) {
    return lastError?.path?.startsWith(`months[${i}].`);
  }

  function renderBase() {
    const kinds = select(state.base.kind, BASE_KINDS.map((k) => [k, L(`baseKinds.${k}`)]), (v) => {
      state.base.kind = v;
      renderBase();
      baseBox.querySelector('select')?.focus();
      changed();
    });
    const needsValue = state.base.kind === 'percent' || state.base.kind === 'amount';
    fill(baseBox, 
      h('legend', {}, L('base')),
      field('pension_base.kind', L('base'), kinds),
      needsValue && field('pension_base.value', L(state.base.kind === 'percent' ? 'basePercent' : 'baseAmount'),
        textInput(state.base.value, (v) => { state.base.value = v; }, { inputmode: 'decimal' })));
    baseBox.querySelector('label').classList.add('fc-visually-hidden');
  }

  function renderMedical() {
    const scheme = select(state.medical.scheme, [['employee', L('medicalSchemes.employee')], ['none', L('medicalSchemes.none')]], (v) => {
      state.medical.scheme = v;
      renderMedical();
      medicalBox.querySelector('select')?.focus();
      changed();
    });
    const employee = state.medical.scheme === 'employee';
    let tierField = null;
    if (employee && (needTier || tiers)) {
      const opts = [['', L('medicalTierChoose')]];
      (tiers ?? []).forEach((x) => opts.push([x.id, `${state.lang === 'zh' ? x.zh : x.en}`]));
      if (state.medical.tier && !opts.some(([v]) => v === state.medical.tier)) opts.push([state.medical.tier, state.medical.tier]);
      tierField = field('medical.tier', L('medicalTier'), select(state.medical.tier, opts, (v) => { state.medical.tier = v; changed(); }));
    }
    const rateField = employee && needRate
      ? field('medical.rate', L('medicalRate'), textInput(state.medical.rate, (v) => { state.medical.rate = v; }, { inputmode: 'decimal' }))
      : null;
    fill(medicalBox, h('legend', {}, L('medical')), field('medical.scheme', L('medical'), scheme), tierField, rateField);
    medicalBox.querySelector('label').classList.add('fc-visually-hidden');
    showErrors();
  }

  function renderSubsidies() {
    const sub = state.subsidies;
    const difficulty = h('input', { type: 'checkbox', checked: sub.difficulty, onchange: (e) => { sub.difficulty = e.target.checked; renderSubsidies(); changed(); } });
    const start = sub.difficulty
      ? field('subsidies[0].start', L('difficultyStart'), h('input', { type: 'month', value: sub.start, min: '2000-01', max: '2100-12', oninput: (e) => { sub.start = e.target.value; changed(); } }))
      : null;
    // Only platforms of the ledger can pay it (the engine rejects any other name).
    const names = [...new Set(state.platforms.map((p) => p.name.trim()).filter(Boolean))];
    if (sub.platform && !names.includes(sub.platform)) sub.platform = '';
    // Option values are indexes: what a user typed stays text content, never an attribute.
    const chosen = sub.platform ? String(names.indexOf(sub.platform)) : '';
    const platform = select(chosen, [['', L('platformSubsidyNone')], ...names.map((n, i) => [String(i), n])], (v) => {
      sub.platform = v === '' ? '' : names[Number(v)] ?? '';
      changed();
    });
    const platformPath = `subsidies[${sub.difficulty ? 1 : 0}].platform`;
    fill(subsidiesBox,
      h('summary', {}, L('subsidiesForm')),
      h('p', { class: 'fc-hint' }, L('subsidiesHint')),
      h('label', { class: 'fc-check' }, difficulty, ' ', L('difficulty')),
      start,
      field(platformPath, L('platformSubsidy'), platform));
  }

  function renderPerson() {
    const birth = h('input', { type: 'month', value: state.person.birth, min: '1920-01', max: '2015-12', placeholder: '1990-05', oninput: (e) => { state.person.birth = e.target.value; changed(); } });
    const track = select(state.person.track, TRACKS.map((k) => [k, L(`tracks.${k}`)]), (v) => { state.person.track = v; changed(); });
    fill(personBox, 
      h('summary', {}, L('person')),
      h('p', { class: 'fc-hint' }, L('personHint')),
      h('div', { class: 'fc-row' }, field('person.birth', L('birth'), birth), field('person.track', L('track'), track)));
  }

  // ---------------------------------------------------------------- errors at the fields
  function plainMessage(err, path) {
    const en = err.messages?.en ?? err.message ?? '';
    const raw = (state.lang === 'zh' ? err.messages?.zh ?? err.message_zh : en) ?? en;
    if (/missing field/.test(en)) return L('required');
    if (/orders$/.test(path ?? '') && /invalid type|expected u64|invalid value/.test(en)) return L('notInteger');
    if (/not a plain decimal|invalid type: (string|integer|floating)|expected a decimal|invalid decimal/i.test(en)) return L('notNumber');
    if (/\.month$|months\.(from|to)/.test(path ?? '') && /month/i.test(en)) return L('notMonth');
    return raw.replace(/^输入有误：/, '').replace(/ at line \d+ column \d+$/, '');
  }

  /** The form field a request path points at: work entries map back to their platform row. */
  function fieldFor(path, ctx) {
    if (!path) return null;
    const q = (p) => form.querySelector(`[data-path="${CSS.escape(p)}"]`);
    const m = /^months\[(\d+)\]\.work\[(\d+)\]\.(\w+)/.exec(path);
    if (m) {
      const i = Number(m[1]);
      const k = ctx?.origin?.[i]?.[Number(m[2])] ?? Number(m[2]);
      const f = m[3] === 'injury_fee_class' ? 'sector' : m[3];
      if (f === 'platform' || f === 'sector') return q(`work[${k}].${f}`);
      return state.same ? q(`work[${k}].${f}`) : q(`months[${i}].work@${k}.${f}`);
    }
    if (/^months\[\d+\]\.work$/.test(path)) return q('work[0].platform');
    if (/^months(\[\d+\]\.month)?$/.test(path)) return form.querySelector('[data-error-for="months"]');
    if (path.startsWith('pension_base')) return q('pension_base.value') ?? q('pension_base.kind');
    if (path.startsWith('person')) return q(path) ?? q('person.birth');
    return q(path);
  }

  function showErrors() {
    // (The custom rules control keeps its own error: it is not a field of the request.)
    form.querySelectorAll('.fc-error:not(.fc-custom-error)').forEach((e) => { e.hidden = true; e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]:not([data-path="custom_rules"])').forEach((e) => e.removeAttribute('aria-invalid'));
    if (!lastError) return;
    const el = fieldFor(lastError.path, lastError.ctx);
    if (!el) return;
    const msg = plainMessage(lastError, lastError.path);
    if (el.classList.contains('fc-error')) {
      el.textContent = msg;
      el.hidden = false;
      return;
    }
    el.setAttribute('aria-invalid', 'true');
    const err = form.querySelector(`#${CSS.escape(el.id)}-err`);
    if (err) { err.textContent = msg; err.hidden = false; }
    el.closest('details')?.setAttribute('open', '');
  }

  // ---------------------------------------------------------------- compute
  function compute() {
    if (!version) return;
    const run = ++runCount;
    const ctx = buildRequest(state);
    results.setAttribute('aria-busy', 'true');
    let cmp;
    let opts = null;
    let optsError = null;
    try {
      cmp = engine.compare(ctx.req);
    } catch (e) {
      if (run !== runCount) return;
      lastError = { code: e.code ?? 'internal', path: e.path ?? null, message: e.message, message_zh: e.message_zh, messages: e.messages, ctx };
      lastResult = null;
      if (lastError.code === 'parameter_required' && lastError.path === 'medical.rate' && !needRate) { needRate = true; renderMedical(); }
      if (lastError.code === 'parameter_required' && lastError.path === 'medical.tier' && !needTier) { needTier = true; renderMedical(); }
      if (!state.same && lastError.path?.startsWith('months[')) {
        const i = Number(/^months\[(\d+)\]/.exec(lastError.path)[1]);
        perMonthBox.querySelectorAll('details.fc-month')[i]?.setAttribute('open', '');
      }
      showErrors();
      renderResults();
      return;
    }
    if (ctx.req.person) {
      try {
        opts = engine.options({ ...ctx.req, trace: false });
      } catch (e) {
        optsError = e;
        if (e.path?.startsWith('person')) {
          lastError = { code: e.code, path: e.path, message: e.message, message_zh: e.message_zh, messages: e.messages, ctx };
          lastResult = null;
          showErrors();
          renderResults();
          return;
        }
      }
    }
    lastError = null;
    lastResult = { cmp, opts, optsError, ctx };
    showErrors();
    renderResults();
    options.onResult?.(lastResult);
  }

  // ---------------------------------------------------------------- results
  const money = (v) => (v == null ? '—' : L('yuan', { v }));
  const msg = (m) => (m ? (state.lang === 'zh' ? m.zh : m.en) : '');

  function badge(text, cls, title) {
    return h('span', { class: `fc-badge ${cls ?? ''}`, title }, text);
  }

  function flagBadges(flags) {
    return (flags ?? []).filter((f) => f === 'carried_forward' || f === 'grade_c' || f === 'base_clamped' || f === 'long_hours')
      .map((f) => badge(L(`flags.${f}`), `fc-flag-${f}`));
  }

  function renderResults() {
    clear(results);
    results.setAttribute('aria-busy', 'false');
    results.append(h(sub, { id: `${id}-results-title`, class: 'fc-section-title' }, L('results')));
    if (lastError) {
      const where = fieldFor(lastError.path, lastError.ctx);
      results.append(h('div', { class: 'fc-alert', role: 'alert' },
        h('p', {}, where ? L('fixErrors') : `${L('otherError')}: ${plainMessage(lastError, lastError.path)}`)));
      return;
    }
    const { cmp, opts, optsError } = lastResult;
    const now = cmp.current_law;
    const lf = cmp.labor_facts;
    const single = now.months.length === 1;

    // Custom rules, as the engine reports them (not as the form believes them to be).
    if (now.custom_rules?.length) {
      results.append(h('div', { class: 'fc-custom-banner', role: 'note', 'data-testid': 'custom-rules' },
        h('p', {}, h('strong', {}, L('customRulesBanner')), ' ', now.custom_rules.join(', ')),
        h('p', { class: 'fc-hint' }, L('customRulesBannerHint'))));
    }

    const place = now.region;
    const placeName = (p) => (state.lang === 'zh' ? p.zh : p.en);
    const months = now.months.map((m) => m.month);
    results.append(h('p', { class: 'fc-where', 'data-testid': 'region' },
      placeName(place), place.city && place.city.code !== place.code ? ` · ${placeName(place.city)}` : '',
      place.province.code !== place.code ? ` · ${placeName(place.province)}` : '',
      ` · ${months[0]}${months.length > 1 ? ` – ${months[months.length - 1]}` : ''}`));

    // Headline: current law and labor facts side by side.
    const card = (resp, diff) => {
      const s = resp.scenario;
      const platforms = resp.totals.platforms;
      return h('div', { class: `fc-card ${s.is_current_law ? 'fc-card-now' : 'fc-card-lf'}`, 'data-scenario': s.name },
        h('h3', { class: 'fc-card-title' }, msg(s.label)),
        h('p', { class: 'fc-card-label' }, L(single ? 'youPay' : 'youPayTotal')),
        h('p', { class: 'fc-big', 'data-testid': `${s.name}-worker` }, money(resp.totals.worker)),
        h('p', { class: 'fc-split' }, `${L('pension')} ${resp.totals.pension.worker} · ${L('medicalShort')} ${resp.totals.medical.worker}`),
        h('ul', { class: 'fc-platform-pays' }, platforms.map((p) => h('li', {},
          h('span', {}, L('platformPays', { name: p.platform })), ' ',
          h('strong', { 'data-testid': `${s.name}-platform` }, money(p.amount))))),
        diff && h('p', { class: 'fc-diff' }, `${L('worker')} ${diff.worker}`),
        resp.totals.subsidies?.length ? h('p', {}, `${L('netCost')}: `, h('strong', {}, money(resp.totals.net_worker_cost))) : null);
    };
    results.append(h('div', { class: 'fc-cards' }, card(now), card(lf)),
      h('p', { class: 'fc-note' }, L('laborFactsNote')));

    // Pension and medical, month by month.
    const names = lf.totals.platforms.map((p) => p.platform);
    const platformLines = (amounts) => h('ul', { class: 'fc-cell-list' }, amounts.map(([n, v]) => h('li', {}, h('span', {}, n), ' ', h('strong', {}, v))));
    const lfPays = (b, name) => {
      const pe = b.pension.platforms.find((p) => p.platform === name)?.amount ?? '0.00';
      const me = b.medical.platforms.find((p) => p.platform === name)?.amount;
      return me && me !== '0.00' ? `${L('pension')} ${pe} · ${L('medicalShort')} ${me}` : pe;
    };
    const table = h('table', { class: 'fc-table' },
      h('caption', { class: 'fc-visually-hidden' }, L('perMonth_')),
      h('thead', {},
        h('tr', {},
          h('td', {}),
          h('th', { scope: 'colgroup', class: 'fc-th-now' }, L('currentLaw')),
          h('th', { scope: 'colgroup', colspan: 2, class: 'fc-th-lf' }, L('laborFacts'))),
        h('tr', {},
          h('th', { scope: 'col' }, L('month')),
          h('th', { scope: 'col' }, L('worker')),
          h('th', { scope: 'col' }, L('worker')),
          h('th', { scope: 'col' }, L('platformsPay')))),
      h('tbody', {}, now.months.map((m, i) => {
        const b = lf.months[i];
        return h('tr', { 'data-month': m.month },
          h('th', { scope: 'row' }, m.month, h('br'), flagBadges(m.flags)),
          h('td', { 'data-testid': 'month-worker' }, h('strong', {}, m.worker), h('span', { class: 'fc-detail' }, `${L('pension')} ${m.pension.worker}`), h('span', { class: 'fc-detail' }, `${L('medicalShort')} ${m.medical.worker}`)),
          h('td', { 'data-testid': 'month-worker-lf' }, h('strong', {}, b.worker), h('span', { class: 'fc-detail' }, `${L('pension')} ${b.pension.worker}`), h('span', { class: 'fc-detail' }, `${L('medicalShort')} ${b.medical.worker}`)),
          h('td', {}, platformLines(names.map((n) => [n, lfPays(b, n)]))));
      })),
      !single && h('tfoot', {}, h('tr', {},
        h('th', { scope: 'row' }, L('total')),
        h('td', {}, now.totals.worker), h('td', {}, lf.totals.worker),
        h('td', {}, platformLines(lf.totals.platforms.map((p) => [p.platform, p.amount]))))));
    results.append(h('section', { class: 'fc-block' }, h('h3', {}, L('perMonth_')), h('div', { class: 'fc-scroll', tabindex: '0', role: 'region', 'aria-label': L('perMonth_') }, table)));

    // Injury protection.
    const inj = now.totals.injury;
    const covered = now.months.some((m) => m.injury.covered);
    const fees = new Map();
    now.months.forEach((m) => m.injury.platforms.forEach((p) => fees.set(p.platform, p.fee)));
    results.append(h('section', { class: 'fc-block' }, h('h3', {}, L('injury')),
      h('p', {}, covered ? L('injuryNote') : L('injuryNotCovered')),
      covered && h('ul', { class: 'fc-list' }, inj.platforms.map((p) => h('li', {},
        `${p.platform}: `, h('strong', {}, money(p.amount)),
        fees.get(p.platform) ? ` (${L('perOrder', { fee: fees.get(p.platform) })})` : ''))),
      covered && h('p', {}, `${L('total')}: `, h('strong', {}, money(inj.total)))));

    // Working time facts, with the scenario's liability per platform.
    results.append(h('section', { class: 'fc-block' }, h('h3', {}, L('workingTime')),
      h('div', { class: 'fc-scroll', tabindex: '0', role: 'region', 'aria-label': L('workingTime') }, h('table', { class: 'fc-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, L('month')), h('th', { scope: 'col' }, L('weeklyHours')), h('th', { scope: 'col' }, L('hourlyIncome')),
          h('th', { scope: 'col' }, L('platforms')))),
        h('tbody', {}, lf.months.map((m) => h('tr', {},
          h('th', { scope: 'row' }, m.month),
          h('td', {}, m.labor.weekly_hours, m.labor.above_statutory_week ? h('span', { class: 'fc-warn-text fc-detail' }, L('aboveStatutory')) : null),
          h('td', {}, m.labor.hourly_income ?? '—'),
          h('td', {}, h('ul', { class: 'fc-cell-list' }, m.labor.platforms.map((p) => h('li', {},
            h('span', {}, p.platform), ' ', L('perWeek', { h: p.weekly_hours }),
            p.liable == null ? null : h('span', { class: `fc-detail ${p.liable ? 'fc-liable' : 'fc-muted'}` },
              p.liable ? `${L('liable')}${p.liable_by?.length ? `（${p.liable_by.map((x) => L(`liableBy.${x}`)).join('、')}）` : ''}` : L('notLiable')))))))))))));

    // Subsidies, when requested.
    if (now.totals.subsidies?.length) {
      results.append(h('section', { class: 'fc-block' }, h('h3', {}, L('subsidies')),
        h('ul', { class: 'fc-list' }, now.totals.subsidies.map((s) => h('li', {},
          `${L(`programs.${s.program}`)}${s.platform ? `（${s.platform}）` : ''}: `, h('strong', {}, money(s.amount)),
          ` · ${L('eligibleMonths', { n: s.months })}`))),
        // Why, month by month: the engine's own reasons.
        h('ul', { class: 'fc-list fc-detail' }, now.months.flatMap((m) => m.subsidies.map((s) => h('li', {},
          `${m.month} ${L(`programs.${s.program}`)}: `, h('strong', {}, money(s.amount)), ` — ${msg(s.reason)}`)))),
        h('p', {}, `${L('netCost')}: `, h('strong', {}, money(now.totals.net_worker_cost)))));
    }

    // Warnings of both scenarios, once each.
    const seen = new Set();
    const warns = [...now.warnings, ...lf.warnings].filter((w) => {
      const k = `${w.code}|${w.parameter ?? ''}|${msg(w.message)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (warns.length) {
      results.append(h('section', { class: 'fc-block fc-warnings' }, h('h3', {}, L('warnings')),
        h('ul', { class: 'fc-list' }, warns.map((w) => h('li', { 'data-code': w.code },
          w.code === 'grade_c' || w.code === 'carried_forward' ? badge(L(`flags.${w.code}`), `fc-flag-${w.code}`) : null, ' ', msg(w.message))))));
    }

    // Retirement and projection.
    if (now.retirement) {
      const r = now.retirement;
      const age = (a) => L('retireAge', { y: a.years, m: a.months });
      results.append(h('section', { class: 'fc-block' }, h('h3', {}, L('retirement')),
        h('dl', { class: 'fc-dl' },
          h('dt', {}, L('retireDate')), h('dd', { 'data-testid': 'retirement-date' }, `${r.statutory.date} · ${age(r.statutory.age)}`),
          h('dt', {}, ''), h('dd', {}, L('window', { from: r.earliest.date, to: r.latest.date })),
          h('dt', {}, ''), h('dd', {}, L('minYears', { years: r.min_contribution_years, months: r.contribution_months }), ' ',
            r.meets_minimum ? badge(L('meetsMin'), 'fc-ok') : badge(L('shortMin', { months: r.months_short }), 'fc-bad')))));
    }
    if (now.projection) {
      const p = now.projection;
      results.append(h('section', { class: 'fc-block' }, h('h3', {}, L('projection')),
        h('p', {}, L('monthlyPension'), ': ', h('strong', { class: 'fc-big-inline', 'data-testid': 'monthly-pension' }, money(p.monthly_pension))),
        h('p', { class: 'fc-split' }, `${L('basicPension')} ${p.basic_pension} · ${L('accountPension')} ${p.account_pension}`),
        p.repay_years && h('p', {}, L('repayYears', { years: p.repay_years })),
        p.assumptions?.length && h('details', {}, h('summary', {}, state.lang === 'zh' ? '假设' : 'Assumptions'),
          h('ul', { class: 'fc-list' }, p.assumptions.map((a) => h('li', {}, msg(a.message)))))));
    }
    if (opts?.options?.length) results.append(chart(opts.options));
    else if (optsError) results.append(h('p', { class: 'fc-muted' }, plainMessage(optsError, optsError.path)));

    // The explanation, step by step, with citations and grades.
    results.append(h('section', { class: 'fc-block fc-explain' }, h('h3', {}, L('explain')),
      h('p', { class: 'fc-hint' }, L('gradeHint')),
      traceBlock(L('explainCurrent'), now.trace),
      traceBlock(L('explainLabor'), lf.trace?.filter((s) => !now.trace?.some((x) => x.step === s.step && x.month === s.month && JSON.stringify(x.result) === JSON.stringify(s.result))))));

    if (options.share !== false) results.append(shareBlock());
  }

  function chart(points) {
    // Horizontal bars: for each base choice, the monthly cost and the projected monthly pension.
    // Bar lengths are proportional to the engine's figures (a drawing, not a computation).
    const max = Math.max(...points.flatMap((p) => [Number(p.monthly_cost_with_medical), Number(p.monthly_pension)]), 1);
    const W = 340; const labelH = 16; const barH = 12; const gap = 10; const left = 0; const barW = 230;
    const rowH = labelH + barH * 2 + 4 + gap;
    const H = points.length * rowH + 4;
    const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, class: 'fc-chart', role: 'img', 'aria-labelledby': `${id}-chart-title ${id}-chart-desc` },
      h('svg:title', { id: `${id}-chart-title` }, L('chart')),
      h('svg:desc', { id: `${id}-chart-desc` }, points.map((p) => `${msg(p.label)}: ${L('chartCost')} ${p.monthly_cost_with_medical}, ${L('chartPension')} ${p.monthly_pension}`).join('; ')));
    points.forEach((p, i) => {
      const y = i * rowH;
      const cost = Number(p.monthly_cost_with_medical);
      const pen = Number(p.monthly_pension);
      svg.append(
        h('svg:text', { x: left, y: y + 12, class: 'fc-chart-label' }, `${msg(p.label)} · ${p.base}`),
        h('svg:rect', { x: left, y: y + labelH, width: Math.max(1, (cost / max) * barW), height: barH, class: 'fc-bar-cost' }),
        h('svg:text', { x: left + Math.max(1, (cost / max) * barW) + 4, y: y + labelH + 10, class: 'fc-chart-value' }, p.monthly_cost_with_medical),
        h('svg:rect', { x: left, y: y + labelH + barH + 2, width: Math.max(1, (pen / max) * barW), height: barH, class: 'fc-bar-pension' }),
        h('svg:text', { x: left + Math.max(1, (pen / max) * barW) + 4, y: y + labelH + barH + 12, class: 'fc-chart-value' }, p.monthly_pension));
    });
    return h('section', { class: 'fc-block' }, h('h3', {}, L('chart')),
      h('p', { class: 'fc-legend' },
        h('span', { class: 'fc-key fc-key-cost', 'aria-hidden': 'true' }), ` ${L('chartCost')}  `,
        h('span', { class: 'fc-key fc-key-pension', 'aria-hidden': 'true' }), ` ${L('chartPension')}`),
      svg, h('p', { class: 'fc-hint' }, L('chartDesc')));
  }

  function citation(c) {
    const safeUrl = typeof c.url === 'string' && /^https?:\/\//.test(c.url) ? c.url : null;
    const title = [c.document, c.title].filter(Boolean).join(' ') || c.parameter;
    return h('li', { class: 'fc-cite' },
      badge(L('grade', { g: c.grade }), `fc-grade fc-grade-${c.grade}`), ' ',
      c.carried_forward ? badge(L('carried'), 'fc-flag-carried_forward') : null,
      c.convention ? badge(L('convention'), 'fc-flag-convention') : null, ' ',
      h('code', {}, c.parameter), ' ',
      safeUrl ? h('a', { href: safeUrl, rel: 'noopener noreferrer', target: '_blank' }, title) : title,
      c.published ? ` (${c.published})` : '',
      c.note ? h('span', { class: 'fc-cite-note' }, ` ${c.note}`) : null);
  }

  function pairs(obj) {
    return h('dl', { class: 'fc-pairs' }, Object.entries(obj ?? {}).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  }

  function traceBlock(title, steps) {
    if (!steps?.length) return null;
    return h('details', { class: 'fc-trace' }, h('summary', {}, title),
      h('ol', {}, steps.map((s) => h('li', { class: 'fc-step' },
        h('p', { class: 'fc-step-head' }, s.month ? `${s.month} · ` : '', h('code', {}, s.step)),
        h('p', {}, msg(s.rule)),
        h('div', { class: 'fc-io' }, h('div', {}, h('p', { class: 'fc-io-title' }, L('inputs')), pairs(s.inputs)),
          h('div', {}, h('p', { class: 'fc-io-title' }, L('result')), pairs(s.result))),
        s.citations?.length ? h('ul', { class: 'fc-cites', 'aria-label': L('source') }, s.citations.map(citation)) : null))));
  }

  function shareBlock() {
    const includeIncome = h('input', { type: 'checkbox', id: `${id}-share-income`, checked: true });
    const out = h('input', { type: 'url', readonly: true, class: 'fc-share-url', id: `${id}-share-url`, 'aria-label': L('share') });
    const status = h('span', { class: 'fc-muted', role: 'status' });
    const make = () => {
      const base = location.href.split('#')[0];
      out.value = `${base}#${encodeState(state, { income: includeIncome.checked })}`;
      out.hidden = false;
      copy.hidden = false;
    };
    const copy = h('button', {
      type: 'button', hidden: true, onclick: async () => {
        try { await navigator.clipboard.writeText(out.value); status.textContent = L('shareCopied'); } catch { out.select(); }
      },
    }, L('shareCopy'));
    out.hidden = true;
    return h('section', { class: 'fc-block fc-share fc-noprint' }, h('h3', {}, L('share')),
      h('p', { class: 'fc-hint' }, L('shareHint')),
      h('div', { class: 'fc-check' }, includeIncome, h('label', { for: includeIncome.id }, L('shareIncome'))),
      h('div', { class: 'fc-share-row' },
        h('button', { type: 'button', class: 'fc-share-make', onclick: make }, L('shareMake')),
        h('button', { type: 'button', onclick: () => window.print() }, L('print'))),
      out, copy, status);
  }

  function renderFooter() {
    clear(footer);
    if (version) {
      footer.append(h('p', { class: 'fc-muted' }, L('engine', { e: version.engine_version, r: version.rules_version }),
        version.custom_rules?.length ? ` · ${L('customRulesBanner')} ${version.custom_rules.join(', ')}` : ''));
    }
  }

  // ---------------------------------------------------------------- start
  renderAll();
  function readEngineData() {
    version = engine.version();
    regionList = engine.regions();
    flatRegions = [];
    for (const p of regionList) {
      flatRegions.push(entry(p, null));
      for (const c of p.cities) flatRegions.push(entry(c, p));
    }
    if (custom && !version.custom_rules?.length) custom = null; // reset elsewhere on the page
  }

  const started = loadEngine().then(() => {
    readEngineData();
    renderAll();
    loadTiers();
    compute();
  }).catch((e) => {
    fill(results, h('div', { class: 'fc-alert', role: 'alert' }, h('p', {}, `${L('loadFailed')}: ${e.message}`)));
    throw e;
  });

  function entry(r, parent) {
    const keys = [r.code, r.zh, r.en, ...r.aliases].map((k) => String(k).toLowerCase().replace(/[\s·()（）]/g, ''));
    return { code: r.code, zh: r.zh, en: r.en, parent, keys };
  }

  return {
    state,
    ready: started,
    setLang,
    compute,
    get result() { return lastResult; },
    get error() { return lastError; },
  };
}
