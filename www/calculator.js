// The calculator: a form and its answer, mounted into any element (the page's <main>, or the shadow
// root of <flexcalc-widget>). Every figure comes from the engine (compare() and options() of the
// WebAssembly package); the page builds requests (state.js) and lays out answers (view-*.js). No rule
// is re-implemented here.
//
// One update path: an input writes the state → compute() (debounced) → render(), which lays out the
// answer, the details and the case sheet, and marks errors at their fields. The form is built once
// and rebuilt only for a change of its shape or language, with the focus kept; the engine loads
// behind a form that already works.
//
// User-entered text only ever reaches the DOM through textContent / value / setAttribute (see dom.js).

import init, * as core from './pkg/flexcalc.js';
import { INTEGRITY } from './pkg/integrity.js';
import { wasmResponse } from './engine-fetch.js';
import { h, debounce } from './dom.js';
import { t, hasLang, loadLang } from './i18n.js';
import { plainError } from './plain.js';
import {
  blankState, exampleState, decodeShare, encodeShare, buildRequest, monthRange, hasIncome, fieldFor, cleanMonth,
} from './state.js';
import { createForm } from './view-form.js';
import { renderAnswer } from './view-answer.js';
// The details below the answer (view-details.js, with the calculation steps of view-explain.js), all
// folded, and the case sheet (view-print.js) are loaded with the first answer: nothing before it needs
// them, and the first answer's weight has a budget (scripts/size.sh).
let detailsView = null;
let printView = null;
let later = null;
const loadLater = () => {
  later ??= Promise.all([import('./view-details.js'), import('./view-print.js')]).then(([d, p]) => { detailsView = d; printView = p; });
  later.catch(() => { later = null; }); // offline without a copy: tried again with the next answer
  return later;
};
import { shareBlock } from './view-share.js';

export { blankState, exampleState, buildRequest, monthRange, encodeShare };
export { loadLang, hasLang };
/** The embed widget's and iframe's default: the example (a host page's own defaults are issue 16 item 5). */
/** A share link's state (`#s=…`), or null. */
export const decodeState = (hash) => decodeShare(hash);

let ready;
/**
 * Loads and instantiates the wasm module once per page. The bytes come from engine-fetch.js, which
 * asks for them as early as the page can, with the sha384 of pkg/integrity.js.
 */
export function loadEngine() {
  ready ??= init({ module_or_path: wasmResponse() });
  return ready;
}

let tools;
/** The tools module (custom rules, the CSV batch), loaded only when a rules file is chosen. */
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
let instances = 0;

/**
 * Mounts a calculator into `root` (an element or a shadow root).
 * options: { state, lang, onLangChange(lang), onResult(), share: true|false, heading: 'h1'|'h2',
 *            customRules: true|false }
 */
export function mountCalculator(root, options = {}) {
  const id = `fc${++instances}`;
  const state = options.state ?? blankState();
  if (options.lang) state.lang = options.lang;
  // A language whose strings are not here yet (a host that did not await loadLang): Chinese until
  // they arrive. The page, the frame and the widget load them before mounting.
  const wanted = hasLang(state.lang) ? null : state.lang;
  if (wanted) state.lang = 'zh';
  const heading = options.heading ?? 'h1';
  const sub = heading === 'h1' ? 'h2' : 'h3';
  const L = (k, v) => t(state.lang, k, v);
  const msg = (m) => (m ? (state.lang === 'zh' ? m.zh : m.en) ?? '' : '');

  let engine = core;
  let version = null;
  let phase = 'loading';
  let failure = '';
  let result = null;
  let error = null;
  let custom = null;
  let runCount = 0;

  const container = h('div', { class: state.large ? 'fc fc-large' : 'fc', lang: state.lang === 'zh' ? 'zh-CN' : 'en' });
  root.appendChild(container);
  const header = h('header', { class: 'fc-header' });
  const form = createForm({
    id, state, L, sub, customRules: !!options.customRules,
    changed: () => schedule(),
    structure: () => structure(),
    regionChanged: () => { loadTiers(); schedule(); },
    onRulesFile: readRules,
    onResetRules: resetCustom,
  });
  const formEl = h('form', { class: 'fc-form', novalidate: true, 'aria-labelledby': `${id}-form-title` }, form.quick);
  const moreEl = h('form', { class: 'fc-form fc-form-more', novalidate: true, 'aria-label': L('moreTitle') }, form.more);
  for (const f of [formEl, moreEl]) {
    f.addEventListener('submit', (e) => { e.preventDefault(); compute(); });
    // Enter in a text field computes without a form submission (which a sandboxed iframe without
    // allow-forms blocks, with a console error).
    f.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.defaultPrevented || e.target.tagName !== 'INPUT') return;
      if (['checkbox', 'file', 'button', 'submit'].includes(e.target.type)) return;
      e.preventDefault();
      compute();
    });
  }
  const answer = h('section', { class: 'fc-results', 'aria-labelledby': `${id}-results-title`, 'aria-live': 'polite', 'aria-busy': 'true' });
  const details = h('section', { class: 'fc-details', 'aria-label': L('detailsTitle') });
  const share = h('div', { class: 'fc-share-wrap' });
  const sheet = h('section', { class: 'fc-print-sheet', 'aria-hidden': 'true' });
  const footer = h('footer', { class: 'fc-footer' });
  container.append(header, h('div', { class: 'fc-layout' }, formEl, answer, moreEl, h('div', { class: 'fc-below' }, details, share)), sheet, footer);

  const schedule = debounce(() => compute(), 250);
  const structure = debounce(() => { form.monthsChanged(); loadTiers(); compute(); }, 300);

  function renderHeader() {
    header.replaceChildren(
      h('div', { class: 'fc-title-row' },
        h(heading, { class: 'fc-title' }, L('title')),
        h('button', {
          type: 'button', class: 'fc-lang', lang: state.lang === 'zh' ? 'en' : 'zh-CN',
          'aria-label': L('langSwitchLabel'), onclick: () => setLang(state.lang === 'zh' ? 'en' : 'zh'),
        }, L('langSwitch'))),
      h('div', { class: 'fc-tagline-row' },
        h('p', { class: 'fc-tagline' }, L('tagline')),
        // Large text (长辈模式): everything a size up, for older eyes and cheap screens.
        h('button', {
          type: 'button', class: 'fc-large-toggle', 'aria-pressed': String(!!state.large),
          onclick: () => setLarge(!state.large),
        }, L('largeText'))));
  }

  function renderFooter() {
    footer.replaceChildren(h('p', { class: 'fc-privacy' }, L('privacy')),
      h('p', { class: 'fc-muted' }, h('a', { href: state.lang === 'zh' ? 'accessibility.html' : 'accessibility.en.html' }, L('accessibility'))),
      version ? h('p', { class: 'fc-muted' }, L('engine', { e: version.engine_version, r: version.rules_version }),
        version.custom_rules?.length ? ` · ${L('customRulesBanner')} ${version.custom_rules.join(', ')}` : '') : null);
  }

  function setLarge(on) {
    state.large = on;
    container.classList.toggle('fc-large', on);
    renderHeader();
    container.querySelector('.fc-large-toggle')?.focus();
  }

  /**
   * Shows everything in `lang`; its strings are loaded first when they are not here yet (English:
   * i18n-en.js, a few kilobytes), and nothing typed or focused changes meanwhile. Returns a promise.
   */
  function setLang(lang) {
    const focusedLang = (root.activeElement ?? document.activeElement)?.classList?.contains('fc-lang');
    if (!hasLang(lang)) {
      return loadLang(lang).then(() => {
        const stillFocused = (root.activeElement ?? document.activeElement)?.classList?.contains('fc-lang');
        applyLang(lang, focusedLang && stillFocused);
      }, () => {}); // offline without a copy of the strings: the page stays in its language
    }
    applyLang(lang, focusedLang);
    return Promise.resolve();
  }

  function applyLang(lang, focusedLang) {
    state.lang = lang;
    options.onLangChange?.(lang);
    container.setAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
    moreEl.setAttribute('aria-label', L('moreTitle'));
    details.setAttribute('aria-label', L('detailsTitle'));
    renderHeader();
    renderFooter();
    form.rebuild();
    // Computed again: the default platform names and the engine's own sentences follow the language.
    if (version) compute();
    else render();
    if (focusedLang) container.querySelector('.fc-lang')?.focus();
  }

  /** The state of the answer and details, for the views. */
  function view() {
    return {
      id, sub, state, L, msg, lang: state.lang, phase, failure, result, error, version,
      waitingFor: !(state.region || state.regionText).trim() ? 'region' : 'income',
      onExample: () => { loadExample(); },
      onFocus: (path) => form.focus(path),
      fieldLabel: (path) => {
        const fid = form.fieldId(path);
        return fid ? container.querySelector(`label[for="${CSS.escape(fid)}"]`)?.textContent ?? null : null;
      },
      fieldId: (path) => form.fieldId(path),
      loadTools,
    };
  }

  function render() {
    const v = view();
    renderAnswer(answer, v);
    renderBelow(v);
    share.replaceChildren(options.share !== false && phase === 'result' ? shareBlock(v) : '');
    form.showErrors(error?.path ? [{ path: error.path, text: error.text }] : []);
  }

  /**
   * The folded details and the case sheet; once their modules arrive, only they are drawn (the answer
   * above stays as it is: a reader, or a test, measuring it is not interrupted).
   */
  function renderBelow(v) {
    if (detailsView) {
      detailsView.renderDetails(details, v);
      printView.renderPrint(sheet, v);
    } else if (phase === 'result') {
      loadLater().then(() => { if (detailsView) renderBelow(view()); }, () => {});
    }
  }


  function loadExample() {
    const ex = exampleState();
    for (const k of Object.keys(ex)) if (k !== 'lang') state[k] = ex[k];
    form.rebuild();
    loadTiers();
    compute();
    container.querySelector('[data-testid="current_law-worker"]')?.scrollIntoView?.({ block: 'nearest' });
  }

  // ------------------------------------------------------------------ engine
  let regionsCache = null;
  function readEngineData() {
    version = engine.version();
    regionsCache = engine.regions();
    form.setRegions(regionsCache);
    // The place box searches the engine's own index of every division (an engine without it, an older
    // copy of the module, leaves the box on the rules files' regions).
    if (typeof engine.searchPlaces === 'function') form.setSearch((text) => engine.searchPlaces(text, 8));
    if (custom && !version.custom_rules?.length) custom = null; // reset elsewhere on the page
  }

  function loadTiers() {
    if (!version) return;
    let tiers = null;
    const region = (state.region || state.regionText).trim();
    const month = monthRange(cleanMonth(state.from), cleanMonth(state.to))[0];
    if (region && month) {
      try {
        const r = engine.rules(region, month);
        const med = r.parameters.find((p) => p.name === 'medical.flexible');
        if (med?.value?.kind === 'yearly_tiers') tiers = med.value.tiers;
      } catch { /* an unknown region is reported by compute() */ }
    }
    form.setTiers(tiers);
  }

  function errorText(e) {
    return plainError(e, state.lang);
  }

  /** What the answer on show was computed from (see compute), or null. */
  let shownKey = null;

  function compute() {
    if (!version) return;
    const run = ++runCount;
    if (!(state.region || state.regionText).trim() || !hasIncome(state)) {
      phase = 'waiting';
      result = null;
      error = null;
      render();
      return;
    }
    const ctx = buildRequest(state, { defaultName: (k) => t(state.lang, 'platformN', { n: k + 1 }) });
    // Same request, engine, rules and language: the answer on show stays.
    const key = JSON.stringify([ctx.req, state.lang, engine === core, version.rules_version, version.custom_rules]);
    if (phase === 'result' && key === shownKey) return;
    shownKey = null;
    let cmp;
    let opts = null;
    try {
      cmp = engine.compare(ctx.req);
    } catch (e) {
      if (run !== runCount) return;
      const raw = { code: e.code ?? 'internal', path: e.path ?? null, message: e.message, message_zh: e.message_zh, messages: e.messages };
      error = { raw, path: fieldFor(raw.path, { origin: ctx.origin, same: state.same }), text: errorText(raw) };
      result = null;
      phase = 'error';
      render();
      return;
    }
    // The base comparison, with or without a birth month (the engine names what it assumed); it never
    // holds back the answer above.
    try {
      opts = engine.options({ ...ctx.req, trace: false });
    } catch { opts = null; }
    error = null;
    result = { cmp, opts, ctx };
    shownKey = key;
    phase = 'result';
    render();
    options.onResult?.(result);
  }

  // ------------------------------------------------------------------ custom rules
  function customError(e, name) {
    const text = e.messages ? msg(e.messages) : e.message ?? '';
    const path = e.path ?? name;
    return path && !text.includes(path) ? `${path}: ${text}` : text;
  }

  function readRules(f) {
    const name = f.name || 'custom.toml';
    if (f.size > MAX_RULES_BYTES) { form.setCustom({ error: () => `${name}: ${L('customRulesTooLarge')}` }); return; }
    const reader = new FileReader();
    reader.onload = async () => {
      let mod;
      try {
        mod = await loadTools();
      } catch {
        form.setCustom({ error: () => `${name}: ${L('customRulesUnreadable')}` });
        return;
      }
      try {
        mod.loadRules(String(reader.result), name);
        engine = mod; // the results now come from the module that holds the rules
        custom = { name };
        form.setCustom({ name, error: null });
      } catch (e) {
        form.setCustom({ error: () => customError(e, name) });
      }
      rulesChanged();
    };
    reader.onerror = () => form.setCustom({ error: () => `${name}: ${L('customRulesUnreadable')}` });
    reader.readAsText(f);
  }

  function resetCustom() {
    engine.resetRules?.();
    engine = core; // the core module has the embedded rules
    custom = null;
    form.setCustom({ name: null, error: null });
    rulesChanged();
    container.querySelector('input[type=file]')?.focus();
  }

  function rulesChanged() {
    readEngineData();
    renderFooter();
    loadTiers();
    compute();
  }

  // ------------------------------------------------------------------ start
  renderHeader();
  renderFooter();
  render();
  if (wanted) setLang(wanted);
  const started = loadEngine().then(() => {
    readEngineData();
    form.setCustom({ ready: true });
    renderFooter();
    phase = 'waiting';
    loadTiers();
    compute();
  }).catch((e) => {
    phase = 'failed';
    failure = e.message;
    render();
    throw e;
  });

  return {
    state,
    ready: started,
    setLang,
    compute,
    get result() { return result; },
    get error() { return error; },
  };
}
