// The page's batch section (docs/batch.md, "In the page"): an NGO chooses a CSV file of its members
// (the layout of `flexcalc batch`), it is computed in a Web Worker (batch-worker.js) with a progress
// bar and a cancel button, and the results download as CSV. The file is read in the browser and
// never uploaded; the downloads are object URLs of Blobs made in the worker.
// Text only ever reaches the DOM through textContent (dom.js).
import { h, fill } from './dom.js';

const WORKER_URL = new URL('./batch-worker.js', import.meta.url).href;

// The pages' CSP requires Trusted Types for script URLs (`require-trusted-types-for 'script'`), and
// `new Worker(url)` is such a sink: one named policy (allowed by the CSP's `trusted-types
// flexcalc-batch`) lets exactly this module's worker through, and nothing else.
let policy;
function workerUrl() {
  if (!globalThis.trustedTypes?.createPolicy) return WORKER_URL;
  policy ??= trustedTypes.createPolicy('flexcalc-batch', {
    createScriptURL: (url) => {
      if (url !== WORKER_URL) throw new TypeError(`flexcalc-batch: not the batch worker: ${url}`);
      return url;
    },
  });
  return policy.createScriptURL(WORKER_URL);
}

/** "1234567" -> "1,234,567" (counts only; money is shown as the engine wrote it). */
const count = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Mounts the batch section into `root` (an empty element). */
export function mountBatch(root) {
  const id = 'fc-batch';
  let worker = null;
  let urls = [];
  let started = 0;

  const file = h('input', {
    type: 'file', id: `${id}-file`, accept: '.csv,text/csv', 'data-testid': 'batch-file',
    'aria-describedby': `${id}-hint`,
    onchange: (e) => { const f = e.target.files?.[0]; if (f) start(f); },
  });
  const progress = h('progress', { id: `${id}-progress`, max: '100', value: '0', 'data-testid': 'batch-progress', 'aria-label': '进度 / Progress' });
  const percent = h('span', { class: 'fc-batch-percent', 'data-testid': 'batch-percent' }, '');
  const cancel = h('button', { type: 'button', disabled: true, 'data-testid': 'batch-cancel', onclick: () => stop() }, '取消 / Cancel');
  const status = h('p', { class: 'fc-batch-status', role: 'status', 'data-testid': 'batch-status' }, '');
  const error = h('p', { class: 'fc-error', role: 'alert', hidden: true, 'data-testid': 'batch-error' }, '');
  const links = h('p', { class: 'fc-batch-links' });
  const summary = h('div', { class: 'fc-batch-summary', 'data-testid': 'batch-summary' });

  fill(root,
    h('h2', { class: 'fc-section-title', id: `${id}-title` }, '批量计算 / Batch (for NGOs)'),
    h('p', { class: 'fc-hint', id: `${id}-hint` },
      '选择一个 CSV 文件：每行一个劳动者、月份和平台（列的格式见 docs/batch.md，与 flexcalc batch 相同）。文件只在本机计算，不会上传。',
      ' / Choose a CSV file: one row per worker, month and platform (columns as for flexcalc batch, see docs/batch.md). It is computed on this device and never uploaded.'),
    h('div', { class: 'fc-field' }, h('label', { for: `${id}-file` }, 'CSV 文件 / CSV file'), file),
    h('div', { class: 'fc-batch-run' }, progress, percent, cancel),
    status, error, links, summary);
  root.setAttribute('aria-labelledby', `${id}-title`);

  function setProgress(done, total) {
    const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
    progress.value = pct;
    percent.textContent = `${pct} %`;
  }

  function reset() {
    for (const u of urls) URL.revokeObjectURL(u);
    urls = [];
    fill(links);
    fill(summary);
    error.hidden = true;
    error.textContent = '';
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
    status.textContent = `正在计算 / Computing: ${f.name}`;
    cancel.disabled = false;
    root.setAttribute('aria-busy', 'true');
    started = performance.now();
    worker = new Worker(workerUrl(), { type: 'module', name: 'flexcalc-batch' });
    worker.onmessage = (e) => onMessage(e.data);
    worker.onerror = (e) => fail(e.message || 'the batch worker failed');
    const pieceBytes = Number(root.dataset.pieceBytes) || undefined; // tests only
    worker.postMessage({ type: 'start', file: f, pieceBytes });
  }

  /** Cancel: the worker is stopped at once (even inside a piece), and its partial results dropped. */
  function stop() {
    if (!worker) return;
    finish();
    status.textContent = '已取消，没有结果 / Cancelled: no results';
    root.dataset.state = 'cancelled';
  }

  function fail(message) {
    finish();
    status.textContent = '';
    error.textContent = `无法计算 / Cannot compute: ${message}`;
    error.hidden = false;
    root.dataset.state = 'error';
  }

  function download(blob, name, label) {
    const url = URL.createObjectURL(blob);
    urls.push(url);
    return h('a', { href: url, download: name, 'data-testid': `batch-${name}` }, label);
  }

  function onMessage(m) {
    if (m.type === 'progress') {
      setProgress(m.done, m.total);
      status.textContent = `正在计算 / Computing: ${count(m.workers)} 人 / workers, ${count(m.workerMonths)} 人月 / worker-months`;
      root.dataset.state = 'running';
    } else if (m.type === 'done') {
      const ms = Math.round(performance.now() - started);
      finish();
      setProgress(1, 1);
      root.dataset.state = 'done';
      root.dataset.ms = String(ms);
      status.textContent = `完成 / Done: ${count(m.rows)} 行 / rows, ${count(m.workers)} 人 / workers, ${count(m.workerMonths)} 人月 / worker-months, ${(ms / 1000).toFixed(2)} s`;
      fill(links,
        download(m.output, 'flexcalc-results.csv', `下载结果 / Download results (${count(m.workerMonths)})`),
        ' · ',
        download(m.errors, 'flexcalc-errors.csv', `下载错误行 / Download errors (${count(m.errorRows)})`),
        ' · ',
        download(new Blob([m.summary], { type: 'application/json' }), 'flexcalc-summary.json', '汇总 / Summary (JSON)'));
      showSummary(JSON.parse(m.summary));
    } else if (m.type === 'cancelled') {
      stop();
    } else if (m.type === 'error') {
      fail(m.message);
    }
  }

  function showSummary(s) {
    const t = s.totals;
    const row = (label, x) => h('tr', {},
      h('th', { scope: 'row' }, label),
      h('td', {}, String(x.worker)), h('td', {}, String(x.platforms)), h('td', {}, String(x.injury_platforms)));
    fill(summary,
      h('p', {}, `失败 / Failed: ${count(s.workers_failed)} 人 / workers (${count(s.rows_failed)} 行 / rows) · 规则 / rules ${s.rules_version}`),
      h('div', { class: 'fc-table-wrap' }, h('table', { class: 'fc-table' },
        h('caption', {}, '合计（元）：养老 + 医疗 / Totals (yuan): pension + medical'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, '劳动者 / Worker'),
          h('th', { scope: 'col' }, '平台 / Platforms'), h('th', { scope: 'col' }, '工伤保障（平台）/ Injury (platforms)'))),
        h('tbody', {}, row('现行法律 / Current law', t.current_law), row('按劳动事实 / Labor facts', t.labor_facts)))),
      h('p', {}, `按劳动事实，劳动者负担变化 / Labor facts change for workers: ${t.worker_difference} 元 / yuan`));
  }
}
