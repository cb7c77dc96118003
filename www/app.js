// The page: mounts the calculator into <main>, restores inputs from a share link (#s=…, the URL
// fragment is never sent to a server), and keeps <html lang> and the title in step with the language.
// Without a link it opens on this month (the browser's clock), no place and nothing filled in.
import { mountCalculator, decodeState, blankState } from './calculator.js';
import { t, loadLang } from './i18n.js';

const main = document.getElementById('app');
const fromLink = decodeState(location.hash);
const state = fromLink ?? blankState();
const query = new URLSearchParams(location.search);
if (!fromLink && query.get('lang') === 'en') state.lang = 'en';
// The strings of a language other than Chinese (i18n-en.js) before anything is shown; offline
// without a copy of them, the page opens in Chinese.
await loadLang(state.lang).catch(() => { state.lang = 'zh'; });

function applyLang(lang) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t(lang, 'title')} · flexcalc`;
}
applyLang(state.lang);

let first = true;
const calc = mountCalculator(main, {
  state,
  heading: 'h1',
  customRules: true,
  onLangChange: applyLang,
  onResult: () => {
    if (first) {
      first = false;
      // For the timing measurement of the browser tests: navigation → first result.
      document.documentElement.dataset.firstResultMs = String(Math.round(performance.now()));
      afterFirstAnswer();
    }
  },
});

// For the slow-network figure (scripts/bench-page.mjs): navigation → a working form (the engine in).
calc.ready.then(() => { document.documentElement.dataset.readyMs = String(Math.round(performance.now())); }, () => {});

// A share link opened in this tab: start again from its inputs.
window.addEventListener('hashchange', () => {
  if (decodeState(location.hash)) location.reload();
});

// After the first answer, which needs neither: the batch for NGOs (batch.js, batch-worker.js: a CSV
// file computed in a Web Worker) and the service worker that keeps the page for offline use (sw.js,
// registered by batch.js). The page opens with nothing filled in, so without an answer in 4 s both
// come anyway: the page must work offline after a first visit that only looked.
let batch;
function afterFirstAnswer() {
  batch ??= import('./batch.js').then((b) => {
    b.mountBatch(document.getElementById('batch'));
    b.registerServiceWorker();
    return b;
  });
}
setTimeout(afterFirstAnswer, 4000);

export default calc;
