// The page's batch section (docs/batch.md, "In the page"): an NGO chooses a CSV file of its members
// (the layout of `flexcalc batch`, explained on batch-help.html, with templates), it is computed in a
// Web Worker (batch-worker.js) with a progress bar and a cancel button, and the results download as
// CSV. The file is read in the browser and never uploaded; the downloads are object URLs of Blobs
// made in the worker. The section speaks the page's language (<html lang>, which app.js keeps in
// step with the switch); its strings are in batch-i18n.js.
//
// app.js imports this module after the first answer (the first answer does not need it) and calls
// mountBatch() and registerServiceWorker().
// Text only ever reaches the DOM through textContent (dom.js).
import { h, clear } from './dom.js';
import { bt, grouped, pageLang } from './batch-i18n.js';

const WORKER_URL = new URL('./batch-worker.js', import.meta.url).href;
const SW_URL = new URL('./sw.js', import.meta.url).href;
const STYLE_URL = new URL('./batch.css', import.meta.url).href;

// The pages' CSP requires Trusted Types for script URLs (`require-trusted-types-for 'script'`), and
// `new Worker(url)` and `serviceWorker.register(url)` are such sinks: one named policy (allowed by
// the CSP's `trusted-types flexcalc-batch`) lets exactly the batch worker and the service worker
// through, and nothing else.
let policy;
function scriptUrl(url) {
  if (!globalThis.trustedTypes?.createPolicy) return url;
  policy ??= trustedTypes.createPolicy('flexcalc-batch', {
    createScriptURL: (u) => {
      const sw = u.startsWith(`${SW_URL}?v=`) && !/[#&/]/.test(u.slice(SW_URL.length + 3));
      if (u !== WORKER_URL && !sw) throw new TypeError(`flexcalc-batch: not a flexcalc worker: ${u}`);
      return u;
    },
  });
  return policy.createScriptURL(url);
}

/**
 * Offline after the first visit (sw.js): the page, its modules and the wasm are kept by a service
 * worker, versioned by the engine and the rules (from the engine's own version()), and told which
 * files this first visit loaded. Resolves to the registration, or null where there is none (no
 * support, not a secure context, an error).
 */
export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !globalThis.isSecureContext) return null;
  try {
    const core = await import('./pkg/flexcalc.js');
    const v = core.version();
    const url = `${SW_URL}?v=${encodeURIComponent(`${v.engine_version}-${v.rules_version}`)}`;
    const reg = await navigator.serviceWorker.register(scriptUrl(url), { scope: './' });
    const ready = await navigator.serviceWorker.ready;
    // The modules loaded only on request or after the first answer too (the English strings, the
    // details, the case sheet), so that they work offline even when this visit did not load them yet.
    const later = ['./i18n-en.js', './view-details.js', './i18n-decisions.js', './view-explain.js', './view-print.js'].map((f) => new URL(f, import.meta.url).href);
    const urls = [location.href, ...later, ...performance.getEntriesByType('resource').map((e) => e.name)];
    ready.active?.postMessage({ type: 'keep', urls });
    return reg;
  } catch {
    return null;
  }
}

function loadStyle() {
  if (document.querySelector(`link[href="${STYLE_URL}"]`)) return;
  document.head.appendChild(h('link', { rel: 'stylesheet', href: STYLE_URL }));
}

/** Mounts the batch section into `root` (an empty element). */
export function mountBatch(root) {
  loadStyle();
  const id = 'fc-batch';
  let lang = pageLang();
  let worker = null;
  let urls = [];
  let started = 0;
  // Elements whose text follows the language: element -> [key, vars].
  const texts = new Map();
  const say = (el, key, vars) => {
    if (key == null) texts.delete(el);
    else texts.set(el, [key, vars]);
    el.textContent = key == null ? '' : bt(lang, key, vars);
    return el;
  };
  const T = (tag, attrs, key, vars) => say(h(tag, attrs), key, vars);

  const file = h('input', {
    type: 'file', id: `${id}-file`, accept: '.csv,text/csv', 'data-testid': 'batch-file',
    'aria-describedby': `${id}-hint`,
    onchange: (e) => { const f = e.target.files?.[0]; if (f) start(f); },
  });
  const labels = h('select', { id: `${id}-labels`, 'data-testid': 'batch-labels' },
    T('option', { value: 'friendly' }, 'labelsFriendly'),
    T('option', { value: 'machine' }, 'labelsMachine'));
  const progress = h('progress', { id: `${id}-progress`, max: '100', value: '0', 'data-testid': 'batch-progress' });
  const percent = h('span', { class: 'fc-batch-percent', 'data-testid': 'batch-percent' }, '');
  const cancel = T('button', { type: 'button', class: 'fc-batch-cancel', disabled: true, 'data-testid': 'batch-cancel', onclick: () => stop() }, 'cancel');
  const status = h('p', { class: 'fc-batch-status', role: 'status', 'data-testid': 'batch-status' });
  const error = h('p', { class: 'fc-error', role: 'alert', hidden: true, 'data-testid': 'batch-error' });
  const links = h('p', { class: 'fc-batch-links' });
  const problems = h('div', { class: 'fc-batch-problems', 'data-testid': 'batch-problems' });
  const summary = h('div', { class: 'fc-batch-summary', 'data-testid': 'batch-summary' });
  const helpLink = h('a', { 'data-testid': 'batch-help' });
  let shown = [];
  let lastSummary = null;

  clear(root).append(
    T('h2', { class: 'fc-section-title', id: `${id}-title` }, 'title'),
    h('p', { class: 'fc-hint', id: `${id}-hint` }, T('span', {}, 'hint'), ' ', helpLink),
    h('p', { class: 'fc-batch-templates' },
      T('a', { href: 'batch-template-zh.csv', download: 'flexcalc-模板.csv', 'data-testid': 'batch-template-zh' }, 'templateZh'),
      ' · ',
      T('a', { href: 'batch-template.csv', download: 'flexcalc-template.csv', 'data-testid': 'batch-template-en' }, 'templateEn')),
    h('div', { class: 'fc-field' }, T('label', { for: `${id}-file` }, 'file'), file),
    h('div', { class: 'fc-field' }, T('label', { for: `${id}-labels` }, 'labels'), labels),
    h('div', { class: 'fc-batch-run' }, progress, percent, cancel),
    status, error, links, problems, summary);
  root.setAttribute('aria-labelledby', `${id}-title`);

  function applyLang() {
    root.setAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
    progress.setAttribute('aria-label', bt(lang, 'progress'));
    helpLink.href = lang === 'zh' ? 'batch-help.html' : 'batch-help.en.html';
    helpLink.textContent = bt(lang, 'help');
    for (const [el, [key, vars]] of texts) el.textContent = bt(lang, key, vars);
    renderProblems();
    if (lastSummary) showSummary(lastSummary);
  }
  applyLang();
  new MutationObserver(() => {
    const next = pageLang();
    if (next !== lang) { lang = next; applyLang(); }
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });

  function setProgress(done, total) {
    const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
    progress.value = pct;
    percent.textContent = `${pct} %`;
  }

  function reset() {
    for (const u of urls) URL.revokeObjectURL(u);
    urls = [];
    for (const el of [links, summary]) { clear(el); }
    for (const el of [...texts.keys()]) if (!root.contains(el) || links.contains(el) || summary.contains(el)) texts.delete(el);
    shown = [];
    lastSummary = null;
    delete root.dataset.encoding;
    renderProblems();
    error.hidden = true;
    say(error, null);
  }

  function finish() {
    worker?.terminate();
    worker = null;
    cancel.disabled = true;
    root.removeAttribute('aria-busy');
  }

  function start(f) {
    finish();
    reset();
    setProgress(0, 1);
    say(status, 'computing', { name: f.name });
    root.dataset.state = 'running';
    cancel.disabled = false;
    root.setAttribute('aria-busy', 'true');
    started = performance.now();
    try {
      worker = new Worker(scriptUrl(WORKER_URL), { type: 'module', name: 'flexcalc-batch' });
    } catch {
      return fail('workerFailed');
    }
    worker.onmessage = (e) => onMessage(e.data);
    // The worker's script or module could not load (offline before the batch was ever used).
    worker.onerror = (e) => { e.preventDefault?.(); fail('workerFailed'); };
    const pieceBytes = Number(root.dataset.pieceBytes) || undefined; // tests only
    worker.postMessage({ type: 'start', file: f, pieceBytes, lang: labels.value === 'machine' ? null : lang });
  }

  /** Cancel: the worker is stopped at once (even inside a piece), and its partial results dropped. */
  function stop() {
    if (!worker) return;
    finish();
    say(status, 'cancelled');
    root.dataset.state = 'cancelled';
  }

  function fail(key, message) {
    finish();
    say(status, null);
    say(error, key === 'workerFailed' ? 'workerFailed' : 'failed', { message });
    error.hidden = false;
    root.dataset.state = 'error';
  }

  function download(blob, name, key, vars) {
    const url = URL.createObjectURL(blob);
    urls.push(url);
    return T('a', { href: url, download: name, 'data-testid': `batch-${name}` }, key, vars);
  }

  function onMessage(m) {
    if (m.type === 'progress') {
      setProgress(m.done, m.total);
      say(status, 'computingCount', { workers: grouped(m.workers), months: grouped(m.workerMonths) });
      if (m.encoding) root.dataset.encoding = m.encoding;
      shown.push(...(m.shownErrors ?? []));
      renderProblems();
      root.dataset.state = 'running';
    } else if (m.type === 'done') {
      const ms = Math.round(performance.now() - started);
      finish();
      setProgress(1, 1);
      root.dataset.state = 'done';
      root.dataset.ms = String(ms);
      if (m.encoding) root.dataset.encoding = m.encoding;
      shown.push(...(m.shownErrors ?? []));
      renderProblems();
      const s = JSON.parse(m.summary);
      const vars = { rows: grouped(m.rows), workers: grouped(m.workers), months: grouped(m.workerMonths), s: (ms / 1000).toFixed(2), failed: grouped(s.workers_failed) };
      say(status, s.workers_failed > 0 ? 'doneWithErrors' : 'done', vars);
      clear(links).append(
        download(m.output, 'flexcalc-results.csv', 'results', { n: grouped(m.workerMonths) }),
        ' · ',
        download(m.errors, 'flexcalc-errors.csv', 'errors', { n: grouped(m.errorRows) }),
        ' · ',
        download(new Blob([m.summary], { type: 'application/json' }), 'flexcalc-summary.json', 'summaryJson'));
      if (m.encoding && m.encoding !== 'UTF-8') links.append(' · ', T('span', { 'data-testid': 'batch-encoding' }, 'encoding', { enc: m.encoding }));
      lastSummary = s;
      showSummary(s);
    } else if (m.type === 'cancelled') {
      stop();
    } else if (m.type === 'error') {
      fail(m.code === 'load' ? 'workerFailed' : 'failed', m.message);
    }
  }

  function renderProblems() {
    clear(problems);
    if (!shown.length) return;
    problems.append(h('p', {}, bt(lang, 'firstErrors', { n: shown.length })),
      h('ul', {}, shown.map((line) => h('li', {}, line))));
  }

  function showSummary(s) {
    const t = s.totals;
    const row = (key, x) => h('tr', {},
      h('th', { scope: 'row' }, bt(lang, key)),
      h('td', {}, grouped(x.worker)), h('td', {}, grouped(x.platforms)), h('td', {}, grouped(x.injury_platforms)));
    const diff = String(t.worker_difference);
    const less = diff.startsWith('-');
    clear(summary).append(
      h('p', {}, bt(lang, 'failedLine', { workers: grouped(s.workers_failed), rows: grouped(s.rows_failed), version: s.rules_version })),
      // A wide screen: the table. A phone: the same figures as two cards, a line each, that need no
      // sideways scrolling (batch.css shows one or the other).
      h('div', { class: 'fc-table-wrap fc-batch-wide' }, h('table', { class: 'fc-table' },
        h('caption', {}, bt(lang, 'caption')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, bt(lang, 'worker')),
          h('th', { scope: 'col' }, bt(lang, 'platforms')), h('th', { scope: 'col' }, bt(lang, 'injury')))),
        h('tbody', {}, row('currentLaw', t.current_law), row('laborFacts', t.labor_facts)))),
      h('div', { class: 'fc-batch-cards', 'data-testid': 'batch-cards' },
        h('p', { class: 'fc-batch-cards-caption' }, bt(lang, 'caption')),
        [['currentLaw', t.current_law], ['laborFacts', t.labor_facts]].map(([key, x]) => h('div', { class: 'fc-batch-card' },
          h('p', { class: 'fc-batch-card-title' }, bt(lang, key)),
          h('dl', {}, [['worker', x.worker], ['platforms', x.platforms], ['injury', x.injury_platforms]].map(([k, v]) =>
            h('div', {}, h('dt', {}, bt(lang, k)), h('dd', {}, grouped(v)))))))),
      h('p', { 'data-testid': 'batch-difference' }, bt(lang, less ? 'difference' : 'differenceMore', { amount: grouped(less ? diff.slice(1) : diff) })));
  }
}
